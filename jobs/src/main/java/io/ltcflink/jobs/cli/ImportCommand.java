package io.ltcflink.jobs.cli;

import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.model.ReferenceDumpImporter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ltc import DUMP.json --out MODEL}: a reference (ncps / PyTorch) dump to a model file. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Convert an ncps / PyTorch reference dump (JSON) into a model file.")
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DUMP.json", description = "The reference dump.")
    Path dump;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model file to write.")
    Path out;

    @Option(
            names = "--variant",
            paramLabel = "NAME",
            description = "A variant stored in the dump: implicit_constraints_false, mixed_memory"
                    + " (ltc); no_gate, pure (cfc).")
    String variant;

    @Option(
            names = "--format",
            paramLabel = "json|binary",
            description = "Encoding of the model file (default: binary for .cbor/.bin, else json).")
    String format;

    @Override
    public Integer call() {
        Model model = ReferenceDumpImporter.importFile(dump, variant);
        ModelEncoding encoding = encodingFor(out, format);
        ModelFiles.write(model, out, encoding);
        System.out.printf(
                "imported %s model %s (inputs %d, state %d, outputs %d, %d parameters) -> %s (%s)%n",
                model.cell().kind().fileName(), model.id(), model.cell().inputSize(),
                model.cell().stateSize(), model.cell().outputSize(), model.cell().parameterCount(),
                out, encoding.name().toLowerCase(Locale.ROOT));
        return 0;
    }

    static ModelEncoding encodingFor(Path out, String format) {
        if (format != null) {
            switch (format.toLowerCase(Locale.ROOT)) {
                case "json":
                    return ModelEncoding.JSON;
                case "binary":
                case "cbor":
                    return ModelEncoding.BINARY;
                default:
                    throw new IllegalArgumentException(
                            String.format("--format must be json or binary: %s", format));
            }
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".cbor") || name.endsWith(".bin") ? ModelEncoding.BINARY : ModelEncoding.JSON;
    }
}
