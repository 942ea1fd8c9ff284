package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.data.Generator;
import io.ltcflink.core.data.Sampling;
import io.ltcflink.core.data.SeriesCsv;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link TrainCommand}. */
final class TrainCommandTest {

    /** A run of a second or two: 300 samples, 2 epochs, one thread. */
    private static String[] small(String... more) {
        String[] base = {"train", "--data", "lorenz", "--samples", "300", "--epochs", "2",
            "--threads", "1"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void train_defaults_areRecordedInTheModelFile(@TempDir Path dir) throws Exception {
        Path ltc = dir.resolve("ltc.json");
        CliRunner.Result r = CliRunner.cli(small("--cell", "ltc", "--units", "6", "--drop-rate",
                "0.3", "--jitter", "0.3", "--quiet", "--out", ltc.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        Model m = ModelFiles.read(ltc);
        // The LTC defaults: mixed memory, log Δ as an input, the median gap as the time unit,
        // the plateau schedule, a rate of 0.01.
        assertThat(((io.ltcflink.core.cell.LtcCell) m.cell()).config().mixedMemory()).isTrue();
        assertThat(m.metadata()).containsEntry("task.logDtInput", "true")
                .containsEntry("training.schedule", "plateau")
                .containsEntry("training.learningRate", "0.01")
                .containsEntry("training.cmScale", "1.0")
                .containsKey("time.unit");
        double unit = Double.parseDouble(m.metadata().get("time.unit"));
        assertThat(unit).isBetween(0.04, 0.07); // Lorenz is sampled every 0.05 on average

        Path lstm = dir.resolve("lstm.json");
        r = CliRunner.cli(small("--cell", "lstm", "--units", "4", "--time-unit", "1",
                "--schedule", "constant", "--quiet", "--out", lstm.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        m = ModelFiles.read(lstm);
        assertThat(m.metadata()).containsEntry("task.logDtInput", "false")
                .containsEntry("training.schedule", "constant")
                .doesNotContainKey("time.unit");

        r = CliRunner.cli(small("--cell", "lstm", "--mixed-memory", "--out", lstm.toString()));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("mixed memory is for LTC and CfC cells");
        r = CliRunner.cli(small("--cell", "ltc", "--time-unit", "-1", "--out", lstm.toString()));
        assertThat(r.err()).contains("--time-unit must be auto or a positive number: -1");
    }

    @Test
    void train_smallLtc_writesModelHistoryAndPlot(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("ltc.json");
        CliRunner.Result r = CliRunner.cli(small("--cell", "ltc", "--units", "8", "--drop-rate", "0.3",
                "--mixed-memory", "false", "--out", model.toString()));

        assertThat(r.code()).as(r.err()).isZero();
        Model m = ModelFiles.read(model);
        assertThat(m.cell().kind().fileName()).isEqualTo("ltc");
        assertThat(m.metadata())
                .containsEntry("training.cell", "ltc-fc-8")
                .containsEntry("training.learningRate", "0.03")
                .containsEntry("data.source", "lorenz")
                .containsEntry("data.seed", "1")
                .containsEntry("task.channels", "3");
        assertThat(m.normalization()).isPresent();

        // Epoch 0 (the initial weights) and the two trained epochs.
        List<String> history = Files.readAllLines(dir.resolve("ltc.json.history.csv"));
        assertThat(history.get(0)).isEqualTo("epoch,train_loss,validation_loss,elapsed_seconds");
        assertThat(history).hasSize(4);
        assertThat(history.get(3)).startsWith("2,");

        byte[] png = Files.readAllBytes(dir.resolve("ltc.json.history.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');

        // Not a terminal here: one progress line per epoch, with the losses and an ETA.
        assertThat(r.err()).contains("ltc-fc-8").contains("2/2").contains("epoch 2  loss ")
                .contains(" val ");
        assertThat(r.out()).contains("trained ltc-fc-8 (" + m.cell().parameterCount()
                + " parameters) on lorenz: 300 samples, period 0.05, drop rate 0.3, seed 1");
    }

    @Test
    void train_historyPlotAndBinaryFormat_goWhereAsked(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("sub/m.cbor");
        Path history = dir.resolve("curve.csv");
        Path plot = dir.resolve("curve.png");
        CliRunner.Result r = CliRunner.cli(small("--cell", "lstm", "--units", "4", "--log-delta",
                "--out", model.toString(), "--history", history.toString(),
                "--plot", plot.toString(), "--quiet"));

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readAllBytes(model)).startsWith(0xd9, 0xd9, 0xf7);
        assertThat(ModelFiles.read(model).metadata()).containsEntry("task.logDtInput", "true");
        assertThat(history).exists();
        assertThat(plot).exists();
        assertThat(dir.resolve("sub/m.cbor.history.csv")).doesNotExist();
    }

    @Test
    void train_csvData_readsTheGeneratorLayout(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("mg.csv");
        SeriesCsv.write(Generator.builder().system("mackey-glass").samples(200).seed(5)
                .sampling(Sampling.builder().period(1).jitter(0.3).build()).build().generate(),
                csv);
        Path model = dir.resolve("cfc.json");
        CliRunner.Result r = CliRunner.cli("train", "--data", "csv:" + csv, "--cell", "cfc", "--units", "4",
                "--backbone-units", "8", "--epochs", "2", "--threads", "1", "--out",
                model.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ModelFiles.read(model).metadata())
                .containsEntry("data.source", "csv:" + csv)
                .containsEntry("training.cell", "cfc-4")
                .doesNotContainKey("data.seed");
    }

    @Test
    void train_sameSeedTwice_sameModel(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertThat(CliRunner.cli(small("--cell", "cfc", "--units", "4", "--seed", "7", "--quiet",
                "--out", a.toString())).code()).isZero();
        // Two threads where the first run had one: the trainer sums lane gradients in order.
        assertThat(CliRunner.cli("train", "--data", "lorenz", "--samples", "300", "--epochs", "2",
                "--cell", "cfc", "--units", "4", "--seed", "7", "--quiet", "--threads", "2",
                "--out", b.toString()).code()).isZero();
        assertThat(ModelFiles.read(b).id()).isEqualTo(ModelFiles.read(a).id());
    }

    @Test
    void train_badArguments_exitOneWithTheFacts(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "t,dt,x0,label\n");
        String missing = dir.resolve("missing.csv").toString();
        String out = dir.resolve("m.json").toString();
        List<String[]> cases = List.of(
                new String[] {"drop rate must be in [0, 1): -0.1",
                    "--data", "lorenz", "--cell", "ltc", "--drop-rate", "-0.1"},
                new String[] {"burst rate must be in [0, 1): -1.0",
                    "--data", "lorenz", "--cell", "ltc", "--burst-rate", "-1"},
                new String[] {"unknown cell kind 'gru': expected one of ltc, cfc, lstm",
                    "--data", "lorenz", "--cell", "gru"},
                new String[] {"unknown data 'rossler': expected lorenz, mackey-glass,"
                        + " oscillator or csv:PATH",
                    "--data", "rossler", "--cell", "ltc"},
                new String[] {"data file not found: " + missing,
                    "--data", "csv:" + missing, "--cell", "ltc"},
                new String[] {"holds 0 samples, but a one-step-ahead forecast needs at least 2",
                    "--data", "csv:" + empty, "--cell", "ltc"},
                new String[] {"--drop-rate only applies to generated data",
                    "--data", "csv:" + empty, "--cell", "ltc", "--drop-rate", "0.1"},
                new String[] {"--wiring applies to ltc cells only, not to lstm",
                    "--data", "lorenz", "--cell", "lstm", "--wiring", "autoncp"},
                new String[] {"unknown wiring 'ring': expected fc or autoncp",
                    "--data", "lorenz", "--cell", "ltc", "--wiring", "ring"},
                new String[] {"epochs must be at least 1: 0",
                    "--data", "lorenz", "--cell", "ltc", "--epochs", "0"},
                new String[] {"learning rate must be positive and finite: -0.01",
                    "--data", "lorenz", "--cell", "ltc", "--lr", "-0.01"},
                new String[] {"--cm-scale applies to ltc cells only, not to cfc",
                    "--data", "lorenz", "--cell", "cfc", "--cm-scale", "20"},
                new String[] {"the capacitance scale must be positive and finite: -1.0",
                    "--data", "lorenz", "--cell", "ltc", "--cm-scale", "-1"},
                new String[] {"target channel 3 is outside [0, 3)",
                    "--data", "lorenz", "--cell", "ltc", "--samples", "50",
                    "--target-channels", "3"});
        for (String[] c : cases) {
            String[] args = new String[c.length + 2];
            args[0] = "train";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            args[c.length] = "--out";
            args[c.length + 1] = out;
            CliRunner.Result r = CliRunner.cli(args);
            assertThat(r.code()).as(c[0]).isEqualTo(1);
            assertThat(r.err()).as(c[0]).startsWith("error: ").contains(c[0]);
        }
        assertThat(dir.resolve("m.json")).doesNotExist();
    }

    @Test
    void train_usageErrors_exitTwo() {
        CliRunner.Result noOut = CliRunner.cli("train", "--data", "lorenz", "--cell", "ltc");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("Missing required option: '--out=MODEL'");

        CliRunner.Result notANumber = CliRunner.cli("train", "--data", "lorenz", "--cell", "ltc",
                "--epochs", "many", "--out", "m.json");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--epochs': 'many'");
    }
}
