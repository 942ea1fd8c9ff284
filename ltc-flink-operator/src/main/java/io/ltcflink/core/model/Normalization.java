package io.ltcflink.core.model;

import io.ltcflink.core.Checks;
import java.util.Arrays;

/**
 * Affine normalisation stored with a model: inputs are fed to the cell as
 * {@code (x − inputShift) / inputScale} and outputs are reported as
 * {@code y · outputScale + outputShift}. Immutable.
 */
public final class Normalization {

    private final double[] inputShift;
    private final double[] inputScale;
    private final double[] outputShift;
    private final double[] outputScale;

    public Normalization(
            double[] inputShift, double[] inputScale, double[] outputShift, double[] outputScale) {
        Checks.requireArgument(
                inputShift.length == inputScale.length,
                "inputShift has %s values but inputScale has %s",
                inputShift.length, inputScale.length);
        Checks.requireArgument(
                outputShift.length == outputScale.length,
                "outputShift has %s values but outputScale has %s",
                outputShift.length, outputScale.length);
        Checks.requireFinite(inputShift, "inputShift");
        Checks.requireFinite(outputShift, "outputShift");
        requirePositive(inputScale, "inputScale");
        requirePositive(outputScale, "outputScale");
        this.inputShift = inputShift.clone();
        this.inputScale = inputScale.clone();
        this.outputShift = outputShift.clone();
        this.outputScale = outputScale.clone();
    }

    private static void requirePositive(double[] v, String name) {
        for (int i = 0; i < v.length; i++) {
            Checks.requireArgument(
                    v[i] > 0 && Double.isFinite(v[i]),
                    "%s[%s] must be positive and finite: %s", name, i, v[i]);
        }
    }

    public double[] inputShift() {
        return inputShift.clone();
    }

    public double[] inputScale() {
        return inputScale.clone();
    }

    public double[] outputShift() {
        return outputShift.clone();
    }

    public double[] outputScale() {
        return outputScale.clone();
    }

    public int inputSize() {
        return inputShift.length;
    }

    public int outputSize() {
        return outputShift.length;
    }

    /** {@code out = (x − shift) / scale} for the inputs. Modified: out. Not modified: x. */
    public void normalizeInput(double[] x, double[] out) {
        for (int i = 0; i < inputShift.length; i++) {
            out[i] = (x[i] - inputShift[i]) / inputScale[i];
        }
    }

    /** {@code y ← y · scale + shift} for the outputs. Modified: y. */
    public void denormalizeOutput(double[] y) {
        for (int i = 0; i < outputShift.length; i++) {
            y[i] = y[i] * outputScale[i] + outputShift[i];
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Normalization)) {
            return false;
        }
        Normalization n = (Normalization) o;
        return Arrays.equals(inputShift, n.inputShift)
                && Arrays.equals(inputScale, n.inputScale)
                && Arrays.equals(outputShift, n.outputShift)
                && Arrays.equals(outputScale, n.outputScale);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(inputShift) * 31 + Arrays.hashCode(outputShift);
    }
}
