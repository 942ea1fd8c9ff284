package io.ltcflink.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ltc.jar} command line: one entry point, one sub-command per task. */
@Command(
        name = "ltc",
        mixinStandardHelpOptions = true,
        versionProvider = LtcCli.Version.class,
        description = "Liquid time-constant networks for Apache Flink.",
        subcommands = {
            ImportCommand.class,
            RunCommand.class,
            ReplayCommand.class,
            SqlCommand.class,
            BenchCommand.class,
            DataCommand.class,
            KafkaCommand.class,
            GenerateCommand.class,
            JobCommand.class,
            DemoCommand.class,
            ClusterCommand.class,
            DrillCommand.class,
            SidecarCommand.class,
            CompareCommand.class,
            BenchmarkCommand.class,
            NabCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LtcCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Charts are drawn off screen; these machines have no display.
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 usage). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new LtcCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + describe(ex)));
            return 1;
        });
        return cli.execute(args);
    }

    private static String describe(Throwable ex) {
        if (ex instanceof java.io.UncheckedIOException && ex.getCause() != null) {
            return ex.getMessage() + ": " + ex.getCause().getMessage();
        }
        return ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a sub-command");
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LtcCli.class.getPackage().getImplementationVersion();
            return new String[] {"ltc " + (v == null ? "(development build)" : v)};
        }
    }
}
