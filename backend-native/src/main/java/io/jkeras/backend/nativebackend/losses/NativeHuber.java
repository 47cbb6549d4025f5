package io.jkeras.backend.nativebackend.losses;

/**
 * Keras's {@code huber}: with {@code e = y_pred - y_true}, {@code 0.5 e^2} where
 * {@code |e| <= delta}, else {@code delta |e| - 0.5 delta^2}; the mean over the last axis per
 * sample. The gradient is {@code e}, or {@code delta sign(e)} past {@code delta}.
 */
public final class NativeHuber extends NativeLoss {
    private final float delta;

    /** The loss with this {@code delta}. */
    public NativeHuber(float delta) {
        this.delta = delta;
    }

    @Override
    public double compute(float[] yTrue, float[] yPred, int rows, int width, float[] grad, double weight) {
        int n = rows * width;
        double sum = 0;
        double d = delta;
        float scale = (float) (weight / n);
        for (int i = 0; i < n; i++) {
            float e = yPred[i] - yTrue[i];
            float ae = Math.abs(e);
            if (ae <= delta) {
                sum += 0.5 * e * e;
                if (grad != null) {
                    grad[i] = scale * e;
                }
            } else {
                sum += d * ae - 0.5 * d * d;
                if (grad != null) {
                    grad[i] = scale * delta * Math.signum(e);
                }
            }
        }
        return sum / n;
    }
}
