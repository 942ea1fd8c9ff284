package io.ltcflink.jobs.cli;

import static io.ltcflink.jobs.cli.CliRunner.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One vocabulary on the command line: {@code --out} for an output path, {@code --threads} for
 * parallel workers, {@code --warm-up} for warm-up and {@code --encoding} for a model file's
 * encoding; the older spellings still work and help shows only the canonical names.
 */
final class CliVocabularyTest {

    private static final Path GOLDEN = Path.of("../ltc-flink-operator/src/test/resources/golden");

    /** Parses a command line without running it and returns the (sub-)command it selects. */
    @SuppressWarnings("unchecked")
    private static <T> T parse(String... args) {
        CommandLine.ParseResult result = new CommandLine(new LtcCli()).parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return (T) result.commandSpec().userObject();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Command, canonical spelling, older spelling, value, and what the command read. */
    static Stream<Arguments> spellings() {
        String[] run = {"run", "--model", "m.json", "--input", "in.csv"};
        String[] replay = {"replay", "--model", "m.json", "--input", "in.csv"};
        String[] imp = {"import", "dump.json", "--out", "m.json"};
        String[] train = {"train", "--data", "lorenz", "--cell", "ltc", "--out", "m.json"};
        String[] step = {"bench", "step", "--cell", "ltc", "--units", "8", "--inputs", "2"};
        String[] report = {"report", "training", "--out", "d"};
        return Stream.of(
                spelling(run, "--out", "--output", "o.csv",
                        (RunCommand c) -> c.output, Path.of("o.csv")),
                spelling(replay, "--out", "--output", "f.csv",
                        (ReplayCommand c) -> c.output, Path.of("f.csv")),
                spelling(new String[] {"demo"}, "--out", "--report", "r",
                        (DemoCommand c) -> c.reportDir, Path.of("r")),
                spelling(report, "--threads", "--workers", "3",
                        (ReportTrainingCommand c) -> c.threads, 3),
                spelling(imp, "--encoding", "--format", "binary",
                        (ImportCommand c) -> c.encoding, "binary"),
                spelling(train, "--encoding", "--format", "json",
                        (TrainCommand c) -> c.modelEncoding, "json"),
                spelling(step, "--warm-up", "--warmup-millis", "50",
                        (BenchStepCommand c) -> c.warmUp, Duration.ofMillis(50)));
    }

    private static <C> Arguments spelling(String[] command, String canonical, String old,
            String value, Function<C, Object> read, Object expected) {
        return Arguments.of(String.join(" ", command) + " " + old, command, canonical, old, value,
                read, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void oldAndCanonicalSpelling_setTheSameOption(String name, String[] command,
            String canonical, String old, String value, Function<Object, Object> read,
            Object expected) {
        assertThat(read.apply(parse(concat(command, canonical, value)))).isEqualTo(expected);
        assertThat(read.apply(parse(concat(command, old, value)))).isEqualTo(expected);
        assertThat(read.apply(parse(concat(command, old + "=" + value)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void bothSpellings_areOneOption_givenOnce(String name, String[] command, String canonical,
            String old, String value) {
        CliRunner.Result r = cli(concat(command, canonical, value, old, value));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("option '" + canonical + "'")
                .contains("should be specified only once");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void help_showsOnlyTheCanonicalSpelling(String name, String[] command, String canonical,
            String old) {
        CliRunner.Result r = cli(concat(command, "--help"));

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(canonical + "=").doesNotContain(old);
    }

    @Test
    void run_missingOut_namesTheCanonicalSpelling() {
        CliRunner.Result r = cli("run", "--model", "m.json", "--input", "in.csv");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--out=OUT.csv'");
    }

    @ParameterizedTest
    @CsvSource({"2s, 2000", "1500ms, 1500", "0.5s, 500", "250, 250"})
    void benchStep_warmUp_isADuration(String text, long millis) {
        BenchStepCommand c = parse("bench", "step", "--cell", "ltc", "--units", "8", "--inputs",
                "2", "--warm-up", text);

        assertThat(c.warmUp).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void benchStep_warmUpDefault_isTheOldDefault() {
        BenchStepCommand c = parse("bench", "step", "--cell", "ltc", "--units", "8", "--inputs",
                "2");

        assertThat(c.warmUp).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void benchStep_warmUpNotADuration_isAUsageErrorNamingTheText() {
        CliRunner.Result r = cli("bench", "step", "--cell", "ltc", "--units", "8", "--inputs", "2",
                "--warm-up", "soon");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'soon' is not a duration");
    }

    @Test
    void benchStep_warmUpAsDuration_runs() throws Exception {
        CliRunner.Result r = cli("bench", "step", "--cell", "ltc", "--units", "8", "--inputs", "2",
                "--json", "--runs", "3", "--millis-per-run", "20", "--warm-up", "50ms");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("usPerStep").asDouble()).isPositive();
    }

    @Test
    void run_outAndOutput_writeTheSameRows(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.json");
        assertThat(cli("import", GOLDEN.resolve("ltc_fc_small.json").toString(), "--out",
                model.toString()).code()).isZero();
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "dt,x0,x1,x2\n0.5,1,2,3\n0.25,-1,0,1\n");
        Path byOut = dir.resolve("out.csv");
        Path byOutput = dir.resolve("output.csv");

        CliRunner.Result a = cli("run", "--model", model.toString(), "--input", in.toString(),
                "--out", byOut.toString());
        CliRunner.Result b = cli("run", "--model", model.toString(), "--input", in.toString(),
                "--output", byOutput.toString());

        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(Files.readAllLines(byOut)).hasSize(3).isEqualTo(Files.readAllLines(byOutput));
    }

    @ParameterizedTest
    @CsvSource({"--encoding, binary, m.cbor, BINARY", "--format, binary, m.json, BINARY",
        "--encoding, json, m.bin, JSON", "--format, json, m.bin, JSON"})
    void import_encoding_bothSpellingsPickTheEncoding(String option, String value, String file,
            String expected, @TempDir Path dir) throws Exception {
        Path model = dir.resolve(file);

        CliRunner.Result r = cli("import", GOLDEN.resolve("lstm_small.json").toString(), "--out",
                model.toString(), option, value);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(" + expected.toLowerCase() + ")");
        assertThat(Files.readAllBytes(model)[0] == '{').isEqualTo(expected.equals("JSON"));
    }

    @Test
    void import_unknownEncoding_namesTheCanonicalOption(@TempDir Path dir) {
        CliRunner.Result r = cli("import", GOLDEN.resolve("lstm_small.json").toString(), "--out",
                dir.resolve("m").toString(), "--format", "xml");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--encoding must be json or binary: xml");
    }

    @Test
    void generate_formatStillMeansTheWireFormat() {
        CliRunner.Result r = cli("generate", "--help");

        assertThat(r.out()).contains("--format=").contains("avro or json")
                .doesNotContain("--encoding");
    }

    @Test
    void everyOldSpelling_standsForAVisibleOptionOfItsCommand() {
        List<String> checked = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(new CommandLine(new LtcCli())));
        for (int i = 0; i < commands.size(); i++) {
            CommandLine c = commands.get(i);
            commands.addAll(c.getSubcommands().values());
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (!(o.preprocessor() instanceof OldSpelling)) {
                    continue;
                }
                String canonical = OldSpelling.CANONICAL.get(o.longestName());
                assertThat(o.hidden()).as(o.longestName()).isTrue();
                assertThat(canonical).as(o.longestName()).isNotNull();
                OptionSpec target = c.getCommandSpec().findOption(canonical);
                assertThat(target).as(c.getCommandName() + " " + canonical).isNotNull();
                assertThat(target.hidden()).isFalse();
                checked.add(c.getCommandName() + " " + o.longestName());
            }
        }
        assertThat(checked).containsExactlyInAnyOrder("run --output", "replay --output",
                "demo --report", "training --workers", "import --format", "train --format",
                "step --warmup-millis");
    }
}
