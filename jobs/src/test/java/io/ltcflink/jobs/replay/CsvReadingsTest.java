package io.ltcflink.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CsvReadingsTest {

    private record Parsed(List<SensorReading> readings, List<String> reasons) {}

    private static Parsed parse(String... lines) throws Exception {
        try (OneInputStreamOperatorTestHarness<String, SensorReading> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new CsvReadings())) {
            for (String line : lines) {
                h.processElement(line, 0L);
            }
            List<String> reasons = new ArrayList<>();
            ConcurrentLinkedQueue<StreamRecord<RejectedReading>> dead =
                    h.getSideOutput(LtcKeyedFunction.DEAD_LETTERS);
            if (dead != null) {
                dead.forEach(r -> reasons.add(r.getValue().reason));
            }
            return new Parsed(new ArrayList<>(h.extractOutputValues()), reasons);
        }
    }

    @Test
    void plainLines_parseWithSpacesAroundFields() throws Exception {
        Parsed p = parse("key,timestamp,x0,x1", "s-1,1000,0.5,-1e-3", " s-2 , 2000 , 1 , 2 ", "");
        assertThat(p.reasons()).isEmpty();
        assertThat(p.readings()).hasSize(2);
        assertThat(p.readings().get(0).key).isEqualTo("s-1");
        assertThat(p.readings().get(0).timestamp).isEqualTo(1000L);
        assertThat(p.readings().get(0).values).containsExactly(0.5, -1e-3);
        assertThat(p.readings().get(1).key).isEqualTo("s-2");
        assertThat(p.readings().get(1).values).containsExactly(1.0, 2.0);
    }

    @Test
    void header_isSkippedButASensorNamedKeyIsNot() throws Exception {
        Parsed p = parse("\uFEFFkey,timestamp,x0", "KEY, Timestamp ,x0", "key,1000,0.5");
        assertThat(p.reasons()).isEmpty();
        assertThat(p.readings()).hasSize(1);
        assertThat(p.readings().get(0).key).isEqualTo("key");
        assertThat(p.readings().get(0).timestamp).isEqualTo(1000L);
    }

    @Test
    void quotedKey_mayHoldCommasAndQuotes() throws Exception {
        Parsed p = parse("\"pump 7, inlet\",1000,0.5", "\"say \"\"hi\"\"\",2000,1", "\"s-3\",3000,2");
        assertThat(p.reasons()).isEmpty();
        assertThat(p.readings()).extracting(r -> r.key)
                .containsExactly("pump 7, inlet", "say \"hi\"", "s-3");
    }

    @Test
    void badLines_goToDeadLettersWithTheirReason() throws Exception {
        Parsed p = parse("s-1,abc,0.5", "s-1,1000,0x10", "s-1,1000", "\"open quote,1000,0.5",
                "s-1,99999999999999999999,0.5");
        assertThat(p.readings()).isEmpty();
        assertThat(p.reasons()).hasSize(5);
        assertThat(p.reasons().get(0)).startsWith("unparsable: timestamp is not an integer")
                .contains("'abc'");
        assertThat(p.reasons().get(1)).startsWith("unparsable: x0 is not a number").contains("'0x10'");
        assertThat(p.reasons().get(2)).startsWith("unparsable: expected key,timestamp,x0")
                .contains("found 2 columns");
        assertThat(p.reasons().get(3)).startsWith("unparsable: not a CSV line")
                .contains("\"open quote,1000,0.5");
        assertThat(p.reasons().get(4)).startsWith("unparsable: timestamp");
    }

    @Test
    void csvField_quotesOnlyWhatNeedsIt() {
        assertThat(ReplayJob.csvField("sensor-1")).isEqualTo("sensor-1");
        assertThat(ReplayJob.csvField("pump 7, inlet")).isEqualTo("\"pump 7, inlet\"");
        assertThat(ReplayJob.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReplayJob.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
    }
}
