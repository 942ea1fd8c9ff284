package io.ltcflink.core.cell;

import io.ltcflink.core.Checks;

/**
 * How an LTC step is integrated: the solver and the sub-stepping policy for long gaps.
 *
 * <p>Without sub-stepping ({@code maxStep == 0}) every step takes exactly the model's {@code K}
 * unfolds of size {@code Δt/K}, whatever the gap: this is what ncps computes. With sub-stepping a
 * step takes {@code n = min(maxSubSteps, max(K, ceil(Δt / maxStep)))} sub-steps of size {@code Δt/n},
 * so a long gap is integrated with sub-steps no longer than {@code maxStep} until the cap is hit.
 *
 * @param solver the integration method
 * @param maxStep the largest sub-step in model time units, or 0 for no sub-stepping
 * @param maxSubSteps the cap on sub-steps per step when sub-stepping (ignored otherwise)
 */
public record SolverSettings(LtcSolver solver, double maxStep, int maxSubSteps) {

    /** ncps's behaviour: the fused solver, K unfolds per step. */
    public static final SolverSettings NCPS = new SolverSettings(LtcSolver.FUSED, 0.0, 0);

    public SolverSettings {
        Checks.requireArgument(solver != null, "solver must not be null");
        Checks.requireArgument(
                maxStep >= 0 && Double.isFinite(maxStep),
                "maxStep must be finite and >= 0 (0 = no sub-stepping): %s", maxStep);
        Checks.requireArgument(
                maxStep == 0 || maxSubSteps >= 1,
                "maxSubSteps must be >= 1 when sub-stepping: %s", maxSubSteps);
    }

    /** The given solver with K unfolds per step and no sub-stepping. */
    public static SolverSettings of(LtcSolver solver) {
        return new SolverSettings(solver, 0.0, 0);
    }

    /** The given solver with sub-steps of at most {@code maxStep}, capped at {@code maxSubSteps}. */
    public static SolverSettings subStepping(LtcSolver solver, double maxStep, int maxSubSteps) {
        Checks.requireArgument(maxStep > 0, "maxStep must be positive: %s", maxStep);
        return new SolverSettings(solver, maxStep, maxSubSteps);
    }

    /** Whether long gaps are split into more than K sub-steps. */
    public boolean subStepsLongGaps() {
        return maxStep > 0;
    }

    /** The number of sub-steps for a gap {@code dt > 0} with {@code unfolds} = K. */
    public int subSteps(double dt, int unfolds) {
        if (maxStep == 0) {
            return unfolds;
        }
        double wanted = Math.ceil(dt / maxStep);
        int capped = wanted >= maxSubSteps ? maxSubSteps : (int) wanted;
        return Math.max(unfolds, capped);
    }
}
