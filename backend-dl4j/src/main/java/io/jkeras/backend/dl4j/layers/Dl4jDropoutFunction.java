package io.jkeras.backend.dl4j.layers;

import io.jkeras.backend.DropoutMask;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's dropout as a DL4J {@link IDropout}: {@code out = in * mask}, {@code dIn = dOut * mask},
 * with the mask of {@link DropoutMask} for the training step the model set with
 * {@link #setStep} (DL4J's own iteration count does not move, as jkeras applies the updates), so
 * that it drops exactly the values the native backend drops. DL4J calls it only while training.
 */
public final class Dl4jDropoutFunction implements IDropout {
    private static final long serialVersionUID = 1L;

    private final float rate;
    private final long seed;
    private final int[] shape;
    private final int[] noiseShape;
    /** The mask of the last forward pass, in DL4J's INPUT workspace, until backprop or clear. */
    private transient INDArray mask;
    private transient float[] heapMask = new float[0];
    private transient long step;

    /** Dropout of this rate with masks drawn from this seed, over samples of {@code shape} with noise of {@code noiseShape}. */
    public Dl4jDropoutFunction(float rate, long seed, int[] shape, int[] noiseShape) {
        this.rate = rate;
        this.seed = seed;
        this.shape = shape.clone();
        this.noiseShape = noiseShape.clone();
    }

    /** The training step (from 0) whose mask the next forward pass uses. */
    public void setStep(long step) {
        this.step = step;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray output, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        int n = Math.toIntExact(input.length());
        if (heapMask == null || heapMask.length != n) {
            heapMask = new float[n];
        }
        DropoutMask.fill(heapMask, n / Shapes.size(shape, "the dropout shape"), shape, noiseShape, seed, step, rate);
        mask = workspaceMgr.createUninitialized(ArrayType.INPUT, DataType.FLOAT, input.shape(), 'c');
        Nd4jTensors.copyInto(heapMask, mask);
        return output.assign(input).muli(mask);
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (mask == null) {
            throw new IllegalStateException("Dropout backprop without a forward pass in training mode");
        }
        gradAtInput.assign(gradAtOutput).muli(mask);
        mask = null;
        return gradAtInput;
    }

    @Override
    public void clear() {
        mask = null;
    }

    @Override
    public Dl4jDropoutFunction clone() {
        return new Dl4jDropoutFunction(rate, seed, shape, noiseShape);
    }

    @Override
    public String toString() {
        return "KerasDropout(rate=" + rate + ", seed=" + seed + ")";
    }
}
