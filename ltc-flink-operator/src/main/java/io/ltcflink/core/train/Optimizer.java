package io.ltcflink.core.train;

/**
 * A gradient-based optimiser with the lifecycle {@code initialise → step* → reset}: {@link
 * #initialise} allocates the state for one parameter layout, each {@link #step} moves the
 * parameters against a gradient, {@link #reset} drops the state. Frozen entries never change.
 *
 * <p>Implementations are not thread-safe; {@link #copy()} gives an independent, uninitialised
 * optimiser with the same hyper-parameters.
 */
public interface Optimizer {

    /** Allocates state shaped like {@code parameters}; must precede the first {@link #step}. */
    void initialise(Parameters parameters);

    /**
     * One update of {@code parameters} (in place) against {@code gradient}.
     *
     * @param parameters the values to update, of the initialised layout. Modified.
     * @param gradient the gradient of the loss, same layout. Not modified.
     * @throws IllegalStateException if not initialised, or the gradient is not finite
     * @throws IllegalArgumentException if a layout differs from the initialised one
     */
    void step(Parameters parameters, Parameters gradient);

    /** Drops all state; {@link #initialise} must be called again before the next step. */
    void reset();

    /** An independent, uninitialised optimiser with the same hyper-parameters. */
    Optimizer copy();
}
