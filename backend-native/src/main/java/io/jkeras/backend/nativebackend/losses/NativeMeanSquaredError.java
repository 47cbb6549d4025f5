package io.jkeras.backend.nativebackend.losses;

/** Keras's {@code mean_squared_error}: per sample {@code mean((y_pred - y_true)^2)} over the last axis. */
public final class NativeMeanSquaredError extends NativeLoss {

    /** The loss. */
    public NativeMeanSquaredError() {
    }

    @Override
    public double compute(float[] yTrue, float[] yPred, int rows, int width, float[] grad, double weight) {
        int n = rows * width;
        double sum = 0;
        float scale = (float) (2.0 * weight / n);
        for (int i = 0; i < n; i++) {
            float e = yPred[i] - yTrue[i];
            sum += (double) e * e;
            if (grad != null) {
                grad[i] = scale * e;
            }
        }
        return sum / n;
    }
}
