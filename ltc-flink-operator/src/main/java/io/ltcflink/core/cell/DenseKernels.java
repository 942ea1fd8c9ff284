package io.ltcflink.core.cell;

/**
 * Allocation-free dense kernels for the cells of this package. Matrices are row-major {@code
 * [rows][cols]} flat arrays, the layout of a PyTorch {@code Linear} weight {@code [out][in]}.
 *
 * <p>Sums run over the input index in ascending order and a bias is added after the product, as
 * in {@code x @ W^T + b}, so results agree with PyTorch's float64 to about 1e-15. Callers check
 * dimensions once at their public entry; these methods do not.
 */
final class DenseKernels {

    private DenseKernels() {}

    /**
     * {@code out[outOff + j] = (sum_k w[j][k] x[xOff + k]) + b[j]} for {@code j < rows}.
     *
     * @param w row-major {@code [rows][cols]}. Not modified.
     * @param b length {@code rows}. Not modified.
     * @param x read at {@code xOff .. xOff + cols - 1}. Not modified; must not overlap the output.
     * @param out written at {@code outOff .. outOff + rows - 1}. Modified.
     */
    static void affine(
            double[] w, double[] b, int rows, int cols, double[] x, int xOff, double[] out,
            int outOff) {
        for (int j = 0; j < rows; j++) {
            out[outOff + j] = dotRow(w, j, cols, x, xOff) + b[j];
        }
    }

    /**
     * {@code sum_k w[row][k] x[xOff + k]} over {@code k < cols}, summed in ascending k.
     *
     * @param w row-major {@code [*][cols]}. Not modified.
     * @param x read at {@code xOff .. xOff + cols - 1}. Not modified.
     */
    static double dotRow(double[] w, int row, int cols, double[] x, int xOff) {
        int base = row * cols;
        double s = 0.0;
        for (int k = 0; k < cols; k++) {
            s += w[base + k] * x[xOff + k];
        }
        return s;
    }

    /** The logistic function {@code 1 / (1 + e^-z)}, as PyTorch evaluates it. */
    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
