package io.ltcflink.core.cell;

import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Random data and parameter-set edits shared by the cell tests. */
final class CellTestSupport {

    private CellTestSupport() {}

    /** {@code n} values from U(-bound, bound). */
    static double[] randomVector(SplittableRandom rng, int n, double bound) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-bound, bound);
        }
        return v;
    }

    /** {@code p} with {@code name} added or replaced by {@code t}. */
    static ParameterSet with(ParameterSet p, String name, Tensor t) {
        ParameterSet.Builder b = ParameterSet.builder();
        p.asMap().forEach(b::put);
        return b.put(name, t).build();
    }

    /** {@code p} without the given names. */
    static ParameterSet without(ParameterSet p, String... names) {
        Set<String> drop = Set.of(names);
        ParameterSet.Builder b = ParameterSet.builder();
        for (Map.Entry<String, Tensor> e : p.asMap().entrySet()) {
            if (!drop.contains(e.getKey())) {
                b.put(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    /** The largest absolute value in {@code t} (0 for an empty tensor). */
    static double maxAbs(Tensor t) {
        return Arrays.stream(t.toArray()).map(Math::abs).max().orElse(0.0);
    }
}
