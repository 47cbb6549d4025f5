package io.jkeras.backend.nativebackend.losses;

import io.jkeras.backend.nativebackend.kernels.ActivationKernels;

/**
 * Keras's {@code binary_crossentropy}, the mean over the last axis per sample.
 *
 * <p>From probabilities: {@code p = clip(y_pred, eps, 1 - eps)},
 * {@code -(y log p + (1 - y) log(1 - p))}; the gradient is {@code (p - y) / (p (1 - p))} inside
 * the clipping range and 0 outside it. From logits: {@code max(z, 0) - z y + log(1 + exp(-|z|))},
 * whose gradient is {@code sigmoid(z) - y}.
 */
public final class NativeBinaryCrossentropy extends CrossentropyLoss {

    /** The loss, from logits or from probabilities clipped with {@code epsilon}. */
    public NativeBinaryCrossentropy(boolean fromLogits, float epsilon) {
        super(fromLogits, epsilon);
    }

    @Override
    public double compute(float[] yTrue, float[] yPred, int rows, int width, float[] grad, double weight) {
        int n = rows * width;
        double scale = weight / n;
        double sum = 0;
        if (fromLogits) {
            for (int i = 0; i < n; i++) {
                double z = yPred[i];
                double y = yTrue[i];
                sum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                if (grad != null) {
                    grad[i] = (float) (scale * (ActivationKernels.sigmoid(z) - y));
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                float raw = yPred[i];
                float pc = raw < lo ? lo : raw > hi ? hi : raw;
                double p = pc;
                double y = yTrue[i];
                sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
                if (grad != null) {
                    boolean inside = raw >= lo && raw <= hi;
                    grad[i] = inside ? (float) (scale * (-y / p + (1 - y) / (1 - p))) : 0f;
                }
            }
        }
        return sum / n;
    }
}
