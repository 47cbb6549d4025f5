package io.jkeras.backend.dl4j.losses;

import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Huber;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A Keras loss as a DL4J {@link ILossFunction}, so that DL4J's output layer computes exactly
 * Keras 3's value and gradient.
 *
 * <p>Subclasses work on the model's output {@code y_pred} (the output layer's activation of its
 * pre-activation), one row per sample, or per position of a sample of higher rank:
 * {@link #perSample} is Keras's loss of each row and {@link #gradient} its exact derivative with
 * respect to {@code y_pred}, summed over the rows as DL4J expects; this class chains it through
 * the activation's derivative. The score is the mean over the rows (Keras's
 * {@code sum_over_batch_size}) and is kept for the model ({@link #lastScore}); the gradient is
 * multiplied by {@link #setGradientScale the model's factor} (the output's loss weight over its
 * rows per sample), and the model divides the total by the batch size.
 *
 * <p>The last training pass's {@code y_pred} can be kept ({@link #captureNextOutput}), so that a
 * training step hands back the predictions of its own forward pass.
 */
public abstract class Dl4jLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    private transient boolean capture;
    private transient float[] captured;
    private float gradientScale = 1f;
    private transient double lastScore = Double.NaN;
    private transient float[] rowMask;

    /** Subclasses only. */
    protected Dl4jLoss() {
    }

    /**
     * The DL4J loss for this Keras loss.
     *
     * @param spec the Keras loss
     * @param epsilon Keras's fuzz factor, used by the crossentropies' clipping
     */
    public static Dl4jLoss of(Loss spec, float epsilon) {
        if (spec instanceof MeanSquaredError) {
            return new Dl4jMeanSquaredError();
        } else if (spec instanceof MeanAbsoluteError) {
            return new Dl4jMeanAbsoluteError();
        } else if (spec instanceof Huber h) {
            return new Dl4jHuber(h.delta());
        } else if (spec instanceof BinaryCrossentropy b) {
            return new Dl4jBinaryCrossentropy(b.fromLogits(), epsilon);
        } else if (spec instanceof CategoricalCrossentropy c) {
            return new Dl4jCategoricalCrossentropy(c.fromLogits(), epsilon);
        } else if (spec instanceof SparseCategoricalCrossentropy s) {
            return new Dl4jSparseCategoricalCrossentropy(s.fromLogits(), epsilon);
        }
        throw new IllegalArgumentException("The dl4j backend has no loss " + spec);
    }

    /**
     * Keras's loss of each sample.
     *
     * @param labels {@code y_true}, {@code (batch, width)}, or {@code (batch, 1)} class indices for the sparse loss
     * @param output {@code y_pred}, {@code (batch, width)}; must not be modified
     * @return {@code (batch,)} or {@code (batch, 1)}
     */
    protected abstract INDArray perSample(INDArray labels, INDArray output);

    /**
     * The derivative of the sum over the batch of {@link #perSample} with respect to {@code output}.
     *
     * @return a new {@code (batch, width)} array
     */
    protected abstract INDArray gradient(INDArray labels, INDArray output);

    /**
     * The loss reduced as Keras's {@code sum_over_batch_size}, on the model's output {@code y_pred}
     * directly: the mean over the rows, or, with a {@link #setRowMask row mask}, Keras's
     * {@code apply_mask}: the mean over the kept rows, 0 when none is kept.
     */
    public double meanOnOutput(INDArray labels, INDArray output) {
        INDArray perRow = perSample(labels, output);
        if (rowMask == null) {
            return perRow.sumNumber().doubleValue() / labels.size(0);
        }
        float[] values = io.jkeras.backend.dl4j.ops.Nd4jTensors.toFloats(perRow);
        double sum = 0;
        int kept = 0;
        for (int r = 0; r < values.length; r++) {
            if (rowMask[r] != 0f) {
                sum += values[r];
                kept++;
            }
        }
        return kept == 0 ? 0.0 : sum / kept;
    }

    /**
     * Keras's mask of the output for the next batches, one value per row (1 kept, 0 masked), or
     * {@code null} for none: masked rows leave the loss and get no gradient, the loss is the mean
     * over the kept rows.
     */
    public void setRowMask(float[] mask) {
        this.rowMask = mask;
    }

    /** Multiplies each row of {@code dOut} by {@code mask * rows / kept} (0 for every row when none is kept). */
    private void applyRowMask(INDArray dOut) {
        int rows = rowMask.length;
        int kept = 0;
        for (float m : rowMask) {
            kept += m != 0f ? 1 : 0;
        }
        float[] factor = new float[rows];
        for (int r = 0; r < rows; r++) {
            factor[r] = rowMask[r] != 0f ? (float) rows / kept : 0f;
        }
        dOut.muliColumnVector(org.nd4j.linalg.factory.Nd4j.create(factor, new long[] {rows, 1}));
    }

    /** The factor the gradient is multiplied by: Keras's loss weight of the output over its rows per sample. */
    public void setGradientScale(float scale) {
        this.gradientScale = scale;
    }

    /** The mean loss over the rows at the last score DL4J asked for. */
    public double lastScore() {
        return lastScore;
    }

    /**
     * An identity stand-in for a model compiled for inference only: the output layer DL4J needs
     * at the end of the graph, never used to train.
     */
    public static Dl4jLoss inferenceOnly() {
        return new Dl4jMeanSquaredError();
    }

    /** Keeps a copy of {@code y_pred} at the next gradient computation, for {@link #takeCapturedOutput}. */
    public void captureNextOutput() {
        capture = true;
        captured = null;
    }

    /** The output kept since {@link #captureNextOutput}, row-major, or {@code null}; forgets it. */
    public float[] takeCapturedOutput() {
        float[] out = captured;
        captured = null;
        capture = false;
        return out;
    }

    private INDArray output(INDArray preOutput, IActivation activationFn) {
        return activationFn.getActivation(preOutput.dup(), true);
    }

    private static void checkNoMask(INDArray mask) {
        if (mask != null) {
            throw new IllegalArgumentException("jkeras losses do not take masks");
        }
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        checkNoMask(mask);
        lastScore = meanOnOutput(labels, output(preOutput, activationFn));
        // DL4J's unaveraged score is the sum over the rows; jkeras reads lastScore only.
        return average ? lastScore : lastScore * labels.size(0);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkNoMask(mask);
        return perSample(labels, output(preOutput, activationFn)).reshape(labels.size(0), 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkNoMask(mask);
        INDArray out = output(preOutput, activationFn);
        if (capture) {
            captured = io.jkeras.backend.dl4j.ops.Nd4jTensors.toFloats(out);
            capture = false;
        }
        INDArray dOut = gradient(labels, out);
        if (rowMask != null) {
            applyRowMask(dOut);
        }
        if (gradientScale != 1f) {
            dOut.muli(gradientScale);
        }
        return activationFn.backprop(preOutput.dup(), dOut).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
            INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name() + ")";
    }
}
