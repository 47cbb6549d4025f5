package io.jkeras.backend.dl4j.layers;

import io.jkeras.backend.GatherSpec;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RepeatVector and Permute on DL4J rows {@code (batch, values per sample)}: each output value is
 * the input value at {@link GatherSpec#sourceIndices()}, and the gradient goes back summed into
 * the inputs it copied. DL4J's own {@code RepeatVector} works on its recurrent layout and it has no
 * permute layer, so this runs the spec's index map on heap copies.
 */
public final class Dl4jGatherPreProcessor implements Dl4jMasklessPreProcessor {
    private static final long serialVersionUID = 1L;

    private final int[] source;
    private final int inSize;

    private Dl4jGatherPreProcessor(int[] source, int inSize) {
        this.source = source;
        this.inSize = inSize;
    }

    /** The gather of this spec. */
    public static Dl4jGatherPreProcessor of(GatherSpec spec) {
        int in = 1;
        for (int d : spec.inputShape()) {
            in *= d;
        }
        return new Dl4jGatherPreProcessor(spec.sourceIndices(), in);
    }

    /** The reversal of the time axis of {@code (steps, width)} samples (the backward half of a Bidirectional's sequences). */
    public static Dl4jGatherPreProcessor reverseSteps(int steps, int width) {
        int[] idx = new int[steps * width];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < width; j++) {
                idx[t * width + j] = (steps - 1 - t) * width + j;
            }
        }
        return new Dl4jGatherPreProcessor(idx, steps * width);
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        int batch = Math.toIntExact(input.size(0));
        float[] in = Nd4jTensors.toFloats(input);
        float[] out = new float[batch * source.length];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < source.length; k++) {
                int s = source[k];
                out[b * source.length + k] = s < 0 ? 0f : in[b * inSize + s];
            }
        }
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {batch, source.length}, 'c');
        Nd4jTensors.copyInto(out, result);
        return result;
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        int batch = Math.toIntExact(output.size(0));
        float[] dOut = Nd4jTensors.toFloats(output);
        float[] dIn = new float[batch * inSize];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < source.length; k++) {
                int s = source[k];
                if (s >= 0) {
                    dIn[b * inSize + s] += dOut[b * source.length + k];
                }
            }
        }
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {batch, inSize}, 'c');
        Nd4jTensors.copyInto(dIn, result);
        return result;
    }

    @Override
    public Dl4jGatherPreProcessor clone() {
        return new Dl4jGatherPreProcessor(source, inSize);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward(source.length);
    }

    @Override
    public String toString() {
        return "Gather(" + inSize + " -> " + source.length + ")";
    }
}
