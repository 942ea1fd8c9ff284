package io.ltcflink.core.model;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.RecurrentCell;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded model: a cell with its parameters, an optional normalisation, free-form metadata and a
 * content id. Immutable and thread-safe; meant to be loaded once and shared.
 *
 * <p>The id is a digest of the cell kind, its configuration and every parameter bit, so two files
 * with the same numbers have the same id whatever their encoding, and any change gives a new one.
 */
public final class Model {

    private final RecurrentCell cell;
    private final Normalization normalization;
    private final Map<String, String> metadata;
    private final String id;

    private Model(RecurrentCell cell, Normalization normalization, Map<String, String> metadata) {
        Checks.requireArgument(cell != null, "cell must not be null");
        if (normalization != null) {
            Checks.requireArgument(
                    normalization.inputSize() == cell.inputSize(),
                    "normalization has %s inputs but the cell has %s",
                    normalization.inputSize(), cell.inputSize());
            Checks.requireArgument(
                    normalization.outputSize() == cell.outputSize(),
                    "normalization has %s outputs but the cell has %s",
                    normalization.outputSize(), cell.outputSize());
        }
        this.cell = cell;
        this.normalization = normalization;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.id = digest(cell, normalization);
    }

    /** A model of {@code cell} with no normalisation and no metadata. */
    public static Model of(RecurrentCell cell) {
        return new Model(cell, null, Map.of());
    }

    /** A model with the given normalisation (nullable) and metadata. */
    public static Model of(
            RecurrentCell cell, Normalization normalization, Map<String, String> metadata) {
        return new Model(cell, normalization, metadata);
    }

    public RecurrentCell cell() {
        return cell;
    }

    public Optional<Normalization> normalization() {
        return Optional.ofNullable(normalization);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** A 16-hex-digit content id (the start of a SHA-256 digest). */
    public String id() {
        return id;
    }

    /** This model with another cell of the same shape (e.g. other solver settings). */
    public Model withCell(RecurrentCell other) {
        return new Model(other, normalization, metadata);
    }

    private static String digest(RecurrentCell cell, Normalization normalization) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        update(md, cell.kind().fileName());
        update(md, ModelFiles.configString(cell));
        if (cell instanceof LtcCell) {
            update(md, ((LtcCell) cell).solverSettings().toString());
            update(md, ((LtcCell) cell).numericMode().fileName());
        }
        for (Map.Entry<String, Tensor> e : cell.parameters().asMap().entrySet()) {
            update(md, e.getKey());
            Tensor t = e.getValue();
            for (int d : t.shape()) {
                updateLong(md, d);
            }
            for (int i = 0; i < t.size(); i++) {
                updateLong(md, Double.doubleToLongBits(t.get(i)));
            }
        }
        if (normalization != null) {
            for (double[] v :
                    new double[][] {
                        normalization.inputShift(), normalization.inputScale(),
                        normalization.outputShift(), normalization.outputScale()
                    }) {
                for (double x : v) {
                    updateLong(md, Double.doubleToLongBits(x));
                }
            }
        }
        byte[] h = md.digest();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02x", h[i] & 0xff));
        }
        return sb.toString();
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        updateLong(md, b.length);
        md.update(b);
    }

    private static void updateLong(MessageDigest md, long v) {
        for (int i = 0; i < 8; i++) {
            md.update((byte) (v >>> (8 * i)));
        }
    }

    @Override
    public String toString() {
        return "Model{" + id + ", " + cell + "}";
    }
}
