package io.ltcflink.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ltc nab …}: the Numenta Anomaly Benchmark. */
@Command(
        name = "nab",
        mixinStandardHelpOptions = true,
        description = "The Numenta Anomaly Benchmark (NAB v1.1).",
        subcommands = {NabScoreCommand.class, NabRunCommand.class, NabVariantCommand.class})
final class NabCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing a sub-command: score, run, variant");
    }
}
