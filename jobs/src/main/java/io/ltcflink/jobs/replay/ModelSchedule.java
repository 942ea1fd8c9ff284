package io.ltcflink.jobs.replay;

import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.flink.ModelUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A replay's model updates: a CSV of rows {@code timestamp,model} (an optional header of exactly
 * those names): from that event time (epoch ms) on, the model file named in the row handles the
 * records. Paths are read as the command line reads {@code --model} (relative to the working
 * directory); a path with a comma or a quote is quoted as in RFC 4180. The updates name no id
 * (a model is known by its file's content id) and no policy (the replay's {@code --swap-policy}).
 */
public final class ModelSchedule {

    private ModelSchedule() {}

    /**
     * The updates in {@code csv}, each model file read and checked.
     *
     * @param outputs how many channels the replay's model forecasts; every model must too
     * @throws IllegalArgumentException naming the line and what is wrong with it
     */
    public static List<ModelUpdate> read(Path csv, int outputs) throws IOException {
        if (!Files.isReadable(csv)) {
            throw new IllegalArgumentException("cannot read --model-updates " + csv);
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<ModelUpdate> updates = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.equalsIgnoreCase("timestamp,model"))) {
                continue;
            }
            String where = csv + " line " + (i + 1) + ": ";
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(where + "expected timestamp,model: " + line);
            }
            long t;
            try {
                t = Long.parseLong(line.substring(0, comma).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        where + "the timestamp must be epoch milliseconds: " + line);
            }
            if (t < 0 || t <= previous) {
                throw new IllegalArgumentException(where + (t < 0
                        ? "the timestamp is before the epoch: "
                        : "timestamps must increase from row to row: ") + t);
            }
            previous = t;
            Path file = Path.of(unquote(line.substring(comma + 1).strip(), where));
            Model m;
            try {
                m = ModelFiles.read(file);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + "cannot read model " + file + ": "
                        + e.getMessage(), e);
            }
            if (m.cell().outputSize() != outputs) {
                throw new IllegalArgumentException(String.format(
                        "%smodel %s forecasts %d channels, the replay's --model %d", where, file,
                        m.cell().outputSize(), outputs));
            }
            updates.add(ModelUpdate.of(null, file.toAbsolutePath().toString(), t, null));
        }
        return updates;
    }

    private static String unquote(String field, String where) {
        if (!field.startsWith("\"")) {
            return field;
        }
        if (field.length() < 2 || !field.endsWith("\"")) {
            throw new IllegalArgumentException(where + "unterminated quoted path: " + field);
        }
        return field.substring(1, field.length() - 1).replace("\"\"", "\"");
    }
}
