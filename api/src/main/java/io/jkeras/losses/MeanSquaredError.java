package io.jkeras.losses;

/** {@code mean(square(y_true - y_pred), axis=-1)} per sample; Keras's {@code "mse"}. */
public record MeanSquaredError() implements Loss {
    @Override
    public String name() {
        return "mean_squared_error";
    }
}
