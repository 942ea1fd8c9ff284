package io.ltcflink.core.ode;

/** Analytic test problems with known solutions, for order-of-convergence tests. */
final class TestProblems {

    private TestProblems() {}

    /** {@code y' = −k y}, solution {@code y0 e^{−k t}}. */
    static final class Decay implements OdeSystem {
        final double k;

        Decay(double k) {
            this.k = k;
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public void derivative(double t, double[] y, double[] yDot) {
            yDot[0] = -k * y[0];
        }

        double exact(double y0, double t) {
            return y0 * Math.exp(-k * t);
        }
    }

    /** The harmonic oscillator {@code x' = v, v' = −ω² x}, solution {@code x = cos ωt}. */
    static final class Oscillator implements OdeSystem {
        final double omega;

        Oscillator(double omega) {
            this.omega = omega;
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void derivative(double t, double[] y, double[] yDot) {
            yDot[0] = y[1];
            yDot[1] = -omega * omega * y[0];
        }

        double exactX(double t) {
            return Math.cos(omega * t);
        }
    }

    /**
     * A leaky neuron with a state-dependent conductance: {@code C y' = g(y)(E − y) + gl (El − y)},
     * {@code g(y) = 1 + sin(y)} — nonlinear, no closed form; and its linear special case with
     * constant {@code α, β}, whose solution is known.
     */
    static final class LinearConductance implements ConductanceSystem {
        final double c;
        final double alpha;
        final double beta;

        LinearConductance(double c, double alpha, double beta) {
            this.c = c;
            this.alpha = alpha;
            this.beta = beta;
        }

        @Override
        public int dimension() {
            return 1;
        }

        @Override
        public double capacitance(int i) {
            return c;
        }

        @Override
        public void conductances(double[] y, double[] a, double[] b) {
            a[0] = alpha;
            b[0] = beta;
        }

        @Override
        public void derivative(double t, double[] y, double[] yDot) {
            yDot[0] = (alpha - beta * y[0]) / c;
        }

        /** {@code y(t) = α/β + (y0 − α/β) e^{−β t / C}}. */
        double exact(double y0, double t) {
            double eq = alpha / beta;
            return eq + (y0 - eq) * Math.exp(-beta * t / c);
        }
    }
}
