package io.jkeras.backend.nativebackend.losses;

import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Huber;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;

/**
 * A loss of the native backend: its value, reduced as Keras's {@code sum_over_batch_size} (the
 * mean over the batch of the per-sample loss), and beside it its exact gradient with respect to
 * the predictions, in one pass.
 */
public abstract class NativeLoss {

    /** Subclasses only. */
    protected NativeLoss() {
    }

    /**
     * The native loss for this specification.
     *
     * @param spec the Keras loss
     * @param epsilon Keras's fuzz factor, used by the crossentropies' clipping
     */
    public static NativeLoss of(Loss spec, float epsilon) {
        if (spec instanceof MeanSquaredError) {
            return new NativeMeanSquaredError();
        } else if (spec instanceof MeanAbsoluteError) {
            return new NativeMeanAbsoluteError();
        } else if (spec instanceof Huber h) {
            return new NativeHuber(h.delta());
        } else if (spec instanceof BinaryCrossentropy b) {
            return new NativeBinaryCrossentropy(b.fromLogits(), epsilon);
        } else if (spec instanceof CategoricalCrossentropy c) {
            return new NativeCategoricalCrossentropy(c.fromLogits(), epsilon);
        } else if (spec instanceof SparseCategoricalCrossentropy s) {
            return new NativeSparseCategoricalCrossentropy(s.fromLogits(), epsilon);
        }
        throw new IllegalArgumentException("The native backend has no loss " + spec);
    }

    /**
     * The loss of a batch and, if {@code grad} is not {@code null}, its gradient.
     *
     * @param yTrue the labels, {@code (batch, width)}, or {@code (batch, 1)} of class indices for
     *     sparse categorical crossentropy
     * @param yPred the predictions, {@code (batch, width)}
     * @param batch samples
     * @param width values per sample of {@code yPred}
     * @param grad where {@code d loss / d yPred} goes, {@code (batch, width)}, or {@code null}
     * @return the mean over the batch of the per-sample loss
     */
    public abstract double compute(float[] yTrue, float[] yPred, int batch, int width, float[] grad);
}
