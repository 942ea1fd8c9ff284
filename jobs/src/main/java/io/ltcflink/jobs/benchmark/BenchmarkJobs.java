package io.ltcflink.jobs.benchmark;

import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.LtcPipeline;
import io.ltcflink.flink.LtcStreams;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.kafka.AnomalyJob;
import io.ltcflink.jobs.kafka.DeadLetterOut;
import io.ltcflink.jobs.kafka.DecodeSplit;
import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.JobOptions;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import io.ltcflink.jobs.kafka.OutputSerializers;
import io.ltcflink.jobs.kafka.WireFormat;
import io.ltcflink.jobs.sidecar.KafkaSidecarJob;
import io.ltcflink.jobs.sidecar.SidecarConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The two jobs of a benchmark run, each on its own local MiniCluster with the production job's
 * Flink configuration (RocksDB, incremental checkpoints, {@code pipeline.generic-types: false}):
 * the LTC job (the LTC operator once per stateful model) and the LSTM sidecar job (the windowed
 * operator once per LSTM), each reading the input topic with its own consumer group and writing
 * its forecasts, tagged with the model id, to its own topic.
 */
final class BenchmarkJobs {

    /** The topics of one system's run. */
    record Topics(String input, String ltcForecasts, String ltcDeadLetters, String lstmForecasts,
            String lstmDeadLetters) {

        static Topics of(String input) {
            return new Topics(input, input + "-ltc-forecasts", input + "-ltc-dead-letters",
                    input + "-lstm-forecasts", input + "-lstm-dead-letters");
        }

        List<String> outputs() {
            return List.of(ltcForecasts, ltcDeadLetters, lstmForecasts, lstmDeadLetters);
        }
    }

    private BenchmarkJobs() {}

    private static JobConfig.Builder config(String bootstrap, Topics t, String model,
            String group, String forecasts, String deadLetters, Path work) {
        return JobConfig.builder()
                .set(JobOptions.BOOTSTRAP, bootstrap)
                .set(JobOptions.MODEL, model)
                .set(JobOptions.INPUT_TOPIC, t.input())
                .set(JobOptions.FORECAST_TOPIC, forecasts)
                .set(JobOptions.DEAD_LETTER_TOPIC, deadLetters)
                .set(JobOptions.ALERT_TOPIC, t.input() + "-" + group + "-alerts")
                .set(JobOptions.GROUP_ID, group)
                .set(JobOptions.STARTING_OFFSETS, JobOptions.StartingOffsets.EARLIEST)
                .set(JobOptions.PARALLELISM, 1)
                .set(JobOptions.STATE_BACKEND, JobOptions.StateBackend.ROCKSDB)
                .set(JobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(10))
                .set(JobOptions.CHECKPOINT_DIR,
                        work.resolve("checkpoints-" + group).toUri().toString())
                .set(JobOptions.TIME_UNIT, JobOptions.DataTimeUnit.S)
                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, group);
    }

    private static JobConfig validated(JobConfig cfg) {
        List<String> problems = cfg.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("benchmark job configuration: " + problems);
        }
        return cfg;
    }

    /** Starts the LTC job with the stateful models; returns its client. */
    static JobClient startLtcJob(String bootstrap, Topics t, List<BenchmarkModels.Trained> models,
            Duration unit, Path work) throws Exception {
        String group = "bench-ltc-" + t.input();
        JobConfig cfg = validated(config(bootstrap, t, models.get(0).file().toString(), group,
                t.ltcForecasts(), t.ltcDeadLetters(), work).build());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1,
                KafkaAnomalyJob.flinkConfiguration(cfg));
        SingleOutputStreamOperator<SensorReading> readings =
                KafkaAnomalyJob.envelopes(env, cfg, "ltc-kafka-source")
                        .process(new DecodeSplit(), TypeInformation.of(SensorReading.class))
                        .name("split undecodable")
                        .uid("ltc-decode-split");
        DataStream<DeadLetterOut> dead = readings.getSideOutput(DecodeSplit.UNDECODABLE);
        for (BenchmarkModels.Trained m : models) {
            String p = m.spec().name();
            // Each LTC runs in its file's numeric mode (the operator would otherwise run the
            // fast kernel for both the exact and the "-fast" variant).
            NumericMode mode = m.model().cell() instanceof LtcCell ltc ? ltc.numericMode() : null;
            LtcStreams out = LtcPipeline.apply(readings, LtcOperatorConfig
                    .builder(m.file().toString())
                    .numericMode(mode)
                    .modelTimeUnit(unit)
                    .measureCpuTime(true)
                    .uidPrefix(p)
                    .build());
            out.forecasts()
                    .sinkTo(KafkaAnomalyJob.sink(cfg, "forecasts-" + p,
                            OutputSerializers.forecasts(t.ltcForecasts(), WireFormat.AVRO,
                                    m.model().id())))
                    .name("kafka: " + t.ltcForecasts() + " (" + p + ")")
                    .uid(p + "-forecast-sink");
            dead = dead.union(out.deadLetters().union(out.late())
                    .map(new AnomalyJob.ToDeadLetter(WireFormat.AVRO),
                            TypeInformation.of(DeadLetterOut.class))
                    .name("rejected to dead letters " + p)
                    .uid(p + "-rejected-map"));
        }
        dead.sinkTo(KafkaAnomalyJob.sink(cfg, "dead-letters",
                        OutputSerializers.deadLetters(t.ltcDeadLetters(), WireFormat.AVRO)))
                .name("kafka: " + t.ltcDeadLetters())
                .uid("ltc-dead-letter-sink");
        return env.executeAsync("benchmark: LTC job on " + t.input());
    }

    /** Starts the LSTM sidecar job with the windowed models; returns its client. */
    static JobClient startSidecarJob(String bootstrap, Topics t,
            List<BenchmarkModels.Trained> models, Duration unit, Path work) throws Exception {
        String group = "bench-lstm-" + t.input();
        JobConfig cfg = validated(KafkaSidecarJob.withSidecarDefaults(config(bootstrap, t,
                models.get(0).file().toString(), group, t.lstmForecasts(), t.lstmDeadLetters(),
                work).build()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1,
                KafkaAnomalyJob.flinkConfiguration(cfg));
        List<SidecarConfig> configs = new ArrayList<>();
        for (BenchmarkModels.Trained m : models) {
            configs.add(SidecarConfig.builder(m.file().toString())
                    .modelTimeUnit(unit)
                    .measureCpuTime(true)
                    .uidPrefix(m.spec().name())
                    .build());
        }
        KafkaSidecarJob.build(env, cfg, configs);
        return env.executeAsync("benchmark: LSTM sidecar on " + t.input());
    }
}
