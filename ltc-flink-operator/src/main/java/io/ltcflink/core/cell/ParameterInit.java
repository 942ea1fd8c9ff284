package io.ltcflink.core.cell;

import java.util.SplittableRandom;

/**
 * Random parameter initialisers with PyTorch's distributions (not its random streams): a seed
 * gives reproducible parameters in Java, not the ones {@code torch.manual_seed} would give.
 * Matrices are row-major {@code [rows][cols]} = {@code [fan_out][fan_in]}.
 */
final class ParameterInit {

    private ParameterInit() {}

    /** {@code n} values from U(-bound, bound). */
    static double[] uniform(SplittableRandom rng, int n, double bound) {
        return uniform(rng, n, -bound, bound);
    }

    /** {@code n} values from U(low, high). */
    static double[] uniform(SplittableRandom rng, int n, double low, double high) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(low, high);
        }
        return v;
    }

    /**
     * {@code torch.nn.init.xavier_uniform_}: U(-a, a) with {@code a = sqrt(6 / (fan_in +
     * fan_out))}, where fan_in = cols and fan_out = rows.
     */
    static double[] xavierUniform(SplittableRandom rng, int rows, int cols) {
        return uniform(rng, rows * cols, Math.sqrt(6.0 / (rows + cols)));
    }

    /**
     * {@code torch.nn.init.orthogonal_}: a matrix with orthonormal columns (rows >= cols) or
     * orthonormal rows (rows < cols), drawn as the Q factor of a standard normal matrix with the
     * signs fixed so that R has a positive diagonal, i.e. Haar-distributed. Uses modified
     * Gram-Schmidt with one re-orthogonalisation pass.
     */
    static double[] orthogonal(SplittableRandom rng, int rows, int cols) {
        boolean tall = rows >= cols;
        int n = tall ? rows : cols; // length of each vector to orthonormalise
        int k = tall ? cols : rows; // number of vectors
        double[][] v = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                v[j][i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < k; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double d = 0.0;
                    for (int i = 0; i < n; i++) {
                        d += v[p][i] * v[j][i];
                    }
                    for (int i = 0; i < n; i++) {
                        v[j][i] -= d * v[p][i];
                    }
                }
            }
            double norm = 0.0;
            for (int i = 0; i < n; i++) {
                norm += v[j][i] * v[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                v[j][i] /= norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = tall ? v[c][r] : v[r][c];
            }
        }
        return out;
    }
}
