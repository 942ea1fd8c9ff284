package io.ltcflink.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An ordered, immutable map from parameter name (the ncps / PyTorch {@code state_dict} name without
 * module prefix) to {@link Tensor}. Lookups check shapes and fail with a {@link
 * ModelFormatException} that names the parameter, the expected and the actual shape.
 */
public final class ParameterSet {

    private final Map<String, Tensor> tensors;

    private ParameterSet(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The names, in insertion order. */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** The tensors by name, in insertion order. */
    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /** Whether a parameter of that name is present. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}, or a {@link ModelFormatException} if it is missing. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw ModelFormatException.of(
                    "missing parameter '%s' (present: %s)", name, tensors.keySet());
        }
        return t;
    }

    /**
     * The values of parameter {@code name}, requiring exactly the given shape.
     *
     * @throws ModelFormatException naming the parameter and both shapes when they differ
     */
    public double[] require(String name, int... shape) {
        Tensor t = get(name);
        if (!t.hasShape(shape)) {
            // A vector stored as [1, n] or [n, 1] by some exporters is accepted for a shape [n].
            if (!(shape.length == 1 && t.rank() == 2 && t.size() == shape[0]
                    && (t.dim(0) == 1 || t.dim(1) == 1))) {
                throw ModelFormatException.of(
                        "parameter '%s': expected shape %s but found %s",
                        name, Tensor.shapeString(shape), Tensor.shapeString(t.shape()));
            }
        }
        return t.toArray();
    }

    /** Total number of scalars over all tensors whose name is not in {@code excluded}. */
    public long scalarCount(Set<String> excluded) {
        long n = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!excluded.contains(e.getKey())) {
                n += e.getValue().size();
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSet && tensors.equals(((ParameterSet) o).tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParameterSet{");
        String sep = "";
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            sb.append(sep).append(e.getKey()).append(Tensor.shapeString(e.getValue().shape()));
            sep = ", ";
        }
        return sb.append('}').toString();
    }

    /** Builds a {@link ParameterSet}; later puts of the same name replace earlier ones. */
    public static final class Builder {
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();

        private Builder() {}

        public Builder put(String name, Tensor tensor) {
            tensors.put(name, tensor);
            return this;
        }

        public Builder vector(String name, double[] values) {
            return put(name, Tensor.vector(values));
        }

        public Builder matrix(String name, int rows, int cols, double[] flat) {
            return put(name, Tensor.matrix(rows, cols, flat));
        }

        public ParameterSet build() {
            return new ParameterSet(new LinkedHashMap<>(tensors));
        }
    }
}
