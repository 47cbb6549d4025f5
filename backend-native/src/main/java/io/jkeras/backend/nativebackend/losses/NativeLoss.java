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
 * mean over the rows of the per-row loss), and beside it its exact gradient with respect to the
 * predictions, in one pass. A prediction of per-sample shape {@code (..., width)} is
 * {@code rows = batch * product(other axes)} rows of {@code width}.
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
     * @param yTrue the labels, {@code (rows, width)}, or {@code (rows,)} of class indices for
     *     sparse categorical crossentropy
     * @param yPred the predictions, {@code (rows, width)}
     * @param rows rows of {@code yPred}
     * @param width values per row of {@code yPred}
     * @param grad where {@code d loss / d yPred} goes, {@code (rows, width)}, or {@code null}
     * @return the mean over the rows of the per-row loss
     */
    public final double compute(float[] yTrue, float[] yPred, int rows, int width, float[] grad) {
        return compute(yTrue, yPred, rows, width, grad, 1.0);
    }

    /**
     * The loss of a batch and, if {@code grad} is not {@code null}, {@code weight} times its
     * gradient (Keras's {@code loss_weights}; a weight of 1 gives exactly the unweighted gradient).
     *
     * @param yTrue the labels, {@code (rows, width)}, or {@code (rows,)} of class indices for
     *     sparse categorical crossentropy
     * @param yPred the predictions, {@code (rows, width)}
     * @param rows rows of {@code yPred}
     * @param width values per row of {@code yPred}
     * @param grad where {@code weight * d loss / d yPred} goes, {@code (rows, width)}, or {@code null}
     * @param weight the factor of the gradient
     * @return the mean over the rows of the per-row loss, unweighted
     */
    public abstract double compute(float[] yTrue, float[] yPred, int rows, int width, float[] grad, double weight);
}
