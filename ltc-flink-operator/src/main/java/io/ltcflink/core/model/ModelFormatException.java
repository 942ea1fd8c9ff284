package io.ltcflink.core.model;

/**
 * A model file or reference dump that cannot be used: malformed, of an unsupported version, or with
 * a field whose shape or value does not match the model's configuration. The message names the
 * field, what was expected and what was found.
 */
public final class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates an exception from a {@code %s} template. */
    public static ModelFormatException of(String template, Object... args) {
        return new ModelFormatException(String.format(template, args));
    }
}
