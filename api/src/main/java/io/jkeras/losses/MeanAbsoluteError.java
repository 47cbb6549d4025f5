package io.jkeras.losses;

/** {@code mean(abs(y_true - y_pred), axis=-1)} per sample; Keras's {@code "mae"}. */
public record MeanAbsoluteError() implements Loss {
    @Override
    public String name() {
        return "mean_absolute_error";
    }
}
