package io.ltcflink.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ltc bench …}: benchmark commands that print JSON. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that print JSON.",
        subcommands = {BenchStepCommand.class, BenchOperatorCommand.class, BenchLatencyCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a benchmark: step, operator or latency");
    }
}
