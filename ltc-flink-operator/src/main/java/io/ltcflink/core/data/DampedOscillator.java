package io.ltcflink.core.data;

import io.ltcflink.core.Checks;

/**
 * A damped, driven harmonic oscillator {@code x'' + 2ζω x' + ω² x = A cos(Ωt + φ)} as the
 * first-order system {@code (x, v)}: slow and smooth, with a closed-form steady state. Immutable.
 */
final class DampedOscillator implements DynamicalSystem {

    /** ζ = 0.1, ω = 1, A = 1, Ω = 0.7, φ = 0: a forcing period of about 9 time units. */
    static final DampedOscillator DEFAULT = new DampedOscillator(0.1, 1.0, 1.0, 0.7, 0.0);

    private final double zeta;
    private final double omega;
    private final double amplitude;
    private final double drive;
    private final double phase;

    DampedOscillator(double zeta, double omega, double amplitude, double drive, double phase) {
        Checks.requireArgument(zeta > 0 && omega > 0,
                "zeta and omega must be positive: zeta=%s omega=%s", zeta, omega);
        Checks.requireArgument(Double.isFinite(amplitude) && drive >= 0 && Double.isFinite(phase),
                "bad forcing: amplitude=%s drive=%s phase=%s", amplitude, drive, phase);
        this.zeta = zeta;
        this.omega = omega;
        this.amplitude = amplitude;
        this.drive = drive;
        this.phase = phase;
    }

    double omega() {
        return omega;
    }

    DampedOscillator withPhase(double newPhase) {
        return new DampedOscillator(zeta, omega, amplitude, drive, newPhase);
    }

    /** The same oscillator with {@code ω} scaled by {@code 1 + relative}. */
    DampedOscillator withOmegaScaledBy(double relative) {
        return new DampedOscillator(zeta, omega * (1.0 + relative), amplitude, drive, phase);
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public void derivative(double t, double[] y, double[] lagged, double[] yDot) {
        yDot[0] = y[1];
        yDot[1] = amplitude * StrictMath.cos(drive * t + phase)
                - 2.0 * zeta * omega * y[1] - omega * omega * y[0];
    }

    /** Steady-state amplitude {@code R = A / √((ω² − Ω²)² + (2ζωΩ)²)} of {@code x}. */
    double steadyAmplitude() {
        double detune = omega * omega - drive * drive;
        double damping = 2.0 * zeta * omega * drive;
        return Math.abs(amplitude) / Math.sqrt(detune * detune + damping * damping);
    }

    /**
     * The steady state {@code x = R cos(Ωt + φ − δ)}, {@code v = −RΩ sin(Ωt + φ − δ)} with
     * {@code δ = atan2(2ζωΩ, ω² − Ω²)}, which every solution approaches like
     * {@code e^{−ζωt}}. Modified: out.
     */
    void steadyState(double t, double[] out) {
        double delta = Math.atan2(2.0 * zeta * omega * drive, omega * omega - drive * drive);
        double r = amplitude / Math.sqrt(Math.pow(omega * omega - drive * drive, 2)
                + Math.pow(2.0 * zeta * omega * drive, 2));
        double arg = drive * t + phase - delta;
        out[0] = r * Math.cos(arg);
        out[1] = -r * drive * Math.sin(arg);
    }

    /** The drive frequency {@code Ω}. */
    double drive() {
        return drive;
    }

    @Override
    public String toString() {
        return String.format("DampedOscillator{zeta=%s, omega=%s, A=%s, Omega=%s, phi=%s}",
                zeta, omega, amplitude, drive, phase);
    }
}
