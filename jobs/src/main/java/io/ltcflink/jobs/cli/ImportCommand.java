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
            names = "--encoding",
            paramLabel = "json|binary",
            description = "Encoding of the model file (default: binary for .cbor/.bin, else json).")
    String encoding;

    /** The older spelling of {@code --encoding}. */
    @Option(names = "--format", hidden = true, preprocessor = OldSpelling.class)
    String oldFormat;

    @Override
    public Integer call() {
        Model model = ReferenceDumpImporter.importFile(dump, variant);
        ModelEncoding modelEncoding = encodingFor(out, encoding);
        ModelFiles.write(model, out, modelEncoding);
        System.out.printf(
                "imported %s model %s (inputs %d, state %d, outputs %d, %d parameters) -> %s (%s)%n",
                model.cell().kind().fileName(), model.id(), model.cell().inputSize(),
                model.cell().stateSize(), model.cell().outputSize(), model.cell().parameterCount(),
                out, modelEncoding.name().toLowerCase(Locale.ROOT));
        return 0;
    }

    /**
     * The model file encoding named by {@code --encoding}, or when it is not given the one the
     * file name suggests: binary for {@code .cbor} and {@code .bin}, else JSON.
     */
    static ModelEncoding encodingFor(Path out, String encoding) {
        if (encoding != null) {
            switch (encoding.toLowerCase(Locale.ROOT)) {
                case "json":
                    return ModelEncoding.JSON;
                case "binary":
                case "cbor":
                    return ModelEncoding.BINARY;
                default:
                    throw new IllegalArgumentException(
                            String.format("--encoding must be json or binary: %s", encoding));
            }
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".cbor") || name.endsWith(".bin") ? ModelEncoding.BINARY : ModelEncoding.JSON;
    }
}
