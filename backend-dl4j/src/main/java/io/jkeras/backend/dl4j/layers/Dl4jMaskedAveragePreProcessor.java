package io.jkeras.backend.dl4j.layers;

import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code GlobalAveragePooling1D} with a mask on DL4J rows {@code (batch, steps * channels +
 * mask source)} (the graph builder joins the sequence and the mask's source): each channel's mean over
 * the unmasked steps, NaN for a sample whose every step is masked, as in Keras; backward sends
 * {@code dOut m_t / sum_t m_t} to each step (the mask of the last forward pass, kept until then) and
 * nothing to the mask's source. DL4J's global pooling
 * takes DL4J's own masks, which jkeras models do not carry, so this runs on heap copies.
 */
public final class Dl4jMaskedAveragePreProcessor implements Dl4jMasklessPreProcessor {
    private static final long serialVersionUID = 1L;

    private final int steps;
    private final int channels;
    private final int sourceSize;
    private final transient MaskSpec mask;
    /** The mask {@code (batch, steps)} of the last forward pass, for the backward pass. */
    private transient float[] lastMask;

    private Dl4jMaskedAveragePreProcessor(int steps, int channels, int sourceSize, MaskSpec mask) {
        this.steps = steps;
        this.channels = channels;
        this.sourceSize = sourceSize;
        this.mask = mask;
    }

    /** The masked average of this spec (which has a mask). */
    public static Dl4jMaskedAveragePreProcessor of(GlobalPoolingSpec spec) {
        return new Dl4jMaskedAveragePreProcessor(spec.inputShape()[0], spec.channels(),
                Shapes.size(spec.mask().sourceShape(), spec.name()), spec.mask());
    }

    private int rowSize() {
        return steps * channels + sourceSize;
    }

    /** Each sample's mask {@code (batch, steps)}, from the source after the sequence in each row. */
    private float[] kept(float[] rows, int batch) {
        float[] source = new float[batch * sourceSize];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(rows, b * rowSize() + steps * channels, source, b * sourceSize, sourceSize);
        }
        float[] m = new float[batch * steps];
        mask.fill(source, batch, m, 0);
        return m;
    }

    private float count(float[] m, int b) {
        float n = 0f;
        for (int t = 0; t < steps; t++) {
            n += m[b * steps + t];
        }
        return n;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        int batch = Math.toIntExact(input.size(0));
        float[] in = Nd4jTensors.toFloats(input);
        float[] m = kept(in, batch);
        lastMask = m;
        float[] out = new float[batch * channels];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < channels; c++) {
                    out[b * channels + c] += in[b * rowSize() + t * channels + c] * m[b * steps + t];
                }
            }
            float n = count(m, b);
            for (int c = 0; c < channels; c++) {
                out[b * channels + c] /= n;
            }
        }
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {batch, channels}, 'c');
        Nd4jTensors.copyInto(out, result);
        return result;
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        int batch = Math.toIntExact(output.size(0));
        float[] m = lastMask;
        if (m == null || m.length != batch * steps) {
            throw new IllegalStateException("Masked average backprop without a forward pass of " + batch + " samples");
        }
        float[] dOut = Nd4jTensors.toFloats(output);
        float[] dIn = new float[batch * rowSize()];
        for (int b = 0; b < batch; b++) {
            float n = count(m, b);
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < channels; c++) {
                    dIn[b * rowSize() + t * channels + c] = dOut[b * channels + c] * m[b * steps + t] / n;
                }
            }
        }
        INDArray result = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {batch, rowSize()}, 'c');
        Nd4jTensors.copyInto(dIn, result);
        return result;
    }

    @Override
    public Dl4jMaskedAveragePreProcessor clone() {
        return new Dl4jMaskedAveragePreProcessor(steps, channels, sourceSize, mask);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward(channels);
    }

    @Override
    public String toString() {
        return "MaskedAverage(" + steps + " x " + channels + ")";
    }
}
