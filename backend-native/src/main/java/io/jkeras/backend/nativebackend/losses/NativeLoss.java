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

    /** Scratch of {@link #computeMasked}: the kept rows' labels, predictions and gradient. */
    private float[] keptTrue = new float[0];
    private float[] keptPred = new float[0];
    private float[] keptGrad = new float[0];

    /**
     * The loss of a batch whose output carries Keras's mask, one value per row: Keras's
     * {@code apply_mask} with {@code sum_over_batch_size}, i.e. the mean of the per-row loss over
     * the kept rows ({@code mask != 0}), 0 when none is kept ({@code divide_no_nan}). The gradient of
     * a masked row is 0; a kept row gets the gradient of that mean.
     *
     * @param yTrue the labels, {@code (rows, labelWidth)}
     * @param yPred the predictions, {@code (rows, width)}
     * @param rows rows of {@code yPred}
     * @param width values per row of {@code yPred}
     * @param mask 1 for a kept row, 0 for a masked one, {@code (rows,)}
     * @param grad where {@code weight * d loss / d yPred} goes, {@code (rows, width)}, or {@code null}
     * @param weight the factor of the gradient
     * @return the mean over the kept rows of the per-row loss, unweighted
     */
    public final double computeMasked(float[] yTrue, float[] yPred, int rows, int width, float[] mask, float[] grad,
            double weight) {
        int labelWidth = rows == 0 ? 0 : yTrue.length / rows;
        int kept = 0;
        for (int r = 0; r < rows; r++) {
            kept += mask[r] != 0f ? 1 : 0;
        }
        if (grad != null) {
            java.util.Arrays.fill(grad, 0, rows * width, 0f);
        }
        if (kept == 0) {
            return 0.0;
        }
        if (keptPred.length < kept * width || keptTrue.length < kept * labelWidth) {
            keptTrue = new float[rows * labelWidth];
            keptPred = new float[rows * width];
            keptGrad = new float[rows * width];
        }
        for (int r = 0, k = 0; r < rows; r++) {
            if (mask[r] != 0f) {
                System.arraycopy(yTrue, r * labelWidth, keptTrue, k * labelWidth, labelWidth);
                System.arraycopy(yPred, r * width, keptPred, k * width, width);
                k++;
            }
        }
        // The losses read only the first rows * width values of their arrays.
        double loss = compute(keptTrue, keptPred, kept, width, grad == null ? null : keptGrad, weight);
        if (grad != null) {
            for (int r = 0, k = 0; r < rows; r++) {
                if (mask[r] != 0f) {
                    System.arraycopy(keptGrad, k++ * width, grad, r * width, width);
                }
            }
        }
        return loss;
    }
}
