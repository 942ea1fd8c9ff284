package io.ltcflink.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ltc report …}: commands that run an experiment and write a report directory. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Run an experiment and write a report (Markdown, JSON, PNG plots).",
        subcommands = {ReportTrainingCommand.class})
final class ReportCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing a report: training");
    }
}
