package io.jkeras.backend.nativebackend.losses;

/**
 * Keras's {@code mean_absolute_error}: per sample {@code mean(|y_pred - y_true|)} over the last
 * axis. The gradient of {@code |e|} at {@code e = 0} is 0, as {@code sign(0)}.
 */
public final class NativeMeanAbsoluteError extends NativeLoss {

    /** The loss. */
    public NativeMeanAbsoluteError() {
    }

    @Override
    public double compute(float[] yTrue, float[] yPred, int rows, int width, float[] grad, double weight) {
        int n = rows * width;
        double sum = 0;
        float scale = (float) (weight / n);
        for (int i = 0; i < n; i++) {
            float e = yPred[i] - yTrue[i];
            sum += Math.abs(e);
            if (grad != null) {
                grad[i] = scale * Math.signum(e);
            }
        }
        return sum / n;
    }
}
