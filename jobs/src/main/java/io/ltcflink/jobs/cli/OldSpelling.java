package io.ltcflink.jobs.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * An older spelling of an option, kept so existing scripts go on working: a hidden option whose
 * name is read as the canonical one, so {@code --output F} is exactly {@code --out F}. The value is
 * then parsed, checked, defaulted and reported by the canonical option alone (it is required,
 * may be given once, and help and error messages name it).
 *
 * <p>Declare the old spelling next to the canonical option:
 *
 * <pre>{@code
 * @Option(names = "--output", hidden = true, preprocessor = OldSpelling.class)
 * String output;
 * }</pre>
 */
final class OldSpelling implements CommandLine.IParameterPreprocessor {

    /** Each older spelling and the canonical name it stands for. */
    static final Map<String, String> CANONICAL = Map.of(
            "--output", "--out",
            "--report", "--out",
            "--workers", "--threads",
            "--warmup-millis", "--warm-up",
            "--format", "--encoding");

    /**
     * Puts the canonical name back on the arguments in place of the old one, before the value,
     * and tells picocli to skip the old spelling itself.
     */
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec argSpec,
            Map<String, Object> info) {
        String old = ((OptionSpec) argSpec).longestName();
        String canonical = CANONICAL.get(old);
        if (canonical == null || command.findOption(canonical) == null) {
            throw new IllegalStateException(String.format(
                    "%s of '%s' has no canonical option", old, command.qualifiedName()));
        }
        args.push(canonical);
        return true;
    }
}
