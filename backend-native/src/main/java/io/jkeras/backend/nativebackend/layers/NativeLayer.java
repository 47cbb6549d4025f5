package io.jkeras.backend.nativebackend.layers;

import io.jkeras.Tensor;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.BatchNormalizationSpec;
import io.jkeras.backend.BidirectionalSpec;
import io.jkeras.backend.ConcatenateSpec;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.DropoutSpec;
import io.jkeras.backend.EmbeddingSpec;
import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.LayerNormSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskingSpec;
import io.jkeras.backend.MergeSpec;
import io.jkeras.backend.PadCropSpec;
import io.jkeras.backend.PermuteSpec;
import io.jkeras.backend.PoolingSpec;
import io.jkeras.backend.RepeatVectorSpec;
import io.jkeras.backend.UpSamplingSpec;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.ReshapeSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.SliceSpec;
import io.jkeras.backend.TimeDistributedSpec;
import io.jkeras.backend.VariableSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a compiled native model: its forward pass and, next to it, its backward pass,
 * over row-major {@code (batch, ...shape)} float arrays owned by the model's workspace. A layer
 * may take several inputs (merge layers, Concatenate); a layer called at several nodes of the
 * graph is one object, with one set of variables, and gets its own scratch space at each node.
 */
public abstract class NativeLayer {
    private static final LayerSpec.Visitor<NativeLayer> FACTORY = new LayerSpec.Visitor<>() {
        @Override
        public NativeLayer dense(DenseSpec spec) {
            return new NativeDense(spec);
        }

        @Override
        public NativeLayer activation(ActivationSpec spec) {
            return new NativeActivation(spec);
        }

        @Override
        public NativeLayer dropout(DropoutSpec spec) {
            return new NativeDropout(spec);
        }

        @Override
        public NativeLayer reshape(ReshapeSpec spec) {
            return new NativeReshape(spec);
        }

        @Override
        public NativeLayer merge(MergeSpec spec) {
            return new NativeMerge(spec);
        }

        @Override
        public NativeLayer concatenate(ConcatenateSpec spec) {
            return new NativeConcatenate(spec);
        }

        @Override
        public NativeLayer conv(ConvSpec spec) {
            return new NativeConv(spec);
        }

        @Override
        public NativeLayer pooling(PoolingSpec spec) {
            return new NativePooling(spec);
        }

        @Override
        public NativeLayer globalPooling(GlobalPoolingSpec spec) {
            return spec.mask() != null ? new NativeMaskedAverage(spec) : new NativePooling(spec);
        }

        @Override
        public NativeLayer padCrop(PadCropSpec spec) {
            return new NativeGather(spec);
        }

        @Override
        public NativeLayer upSampling(UpSamplingSpec spec) {
            return new NativeGather(spec);
        }

        @Override
        public NativeLayer repeatVector(RepeatVectorSpec spec) {
            return new NativeGather(spec);
        }

        @Override
        public NativeLayer permute(PermuteSpec spec) {
            return new NativeGather(spec);
        }

        @Override
        public NativeLayer slice(SliceSpec spec) {
            return new NativeGather(spec);
        }

        @Override
        public NativeLayer timeDistributed(TimeDistributedSpec spec) {
            return new NativeTimeDistributed(spec);
        }

        @Override
        public NativeLayer layerNorm(LayerNormSpec spec) {
            return new NativeLayerNorm(spec);
        }

        @Override
        public NativeLayer batchNormalization(BatchNormalizationSpec spec) {
            return new NativeBatchNormalization(spec);
        }

        @Override
        public NativeLayer embedding(EmbeddingSpec spec) {
            return new NativeEmbedding(spec);
        }

        @Override
        public NativeLayer recurrent(RecurrentSpec spec) {
            return new NativeRecurrent(spec);
        }

        @Override
        public NativeLayer bidirectional(BidirectionalSpec spec) {
            return new NativeBidirectional(spec);
        }

        @Override
        public NativeLayer masking(MaskingSpec spec) {
            return new NativeMasking(spec);
        }
    };

    private final String name;
    private final int[] inputSizes;
    private final int outputSize;
    private final List<NativeVariable> variables;

    /** The layer's sizes and variables (zero until set), from its specification. */
    protected NativeLayer(LayerSpec spec) {
        this(spec, null);
    }

    /**
     * The layer's sizes from its specification, and these variables (those of the layers it is made
     * of), or {@code null} for new ones from the specification.
     */
    protected NativeLayer(LayerSpec spec, List<NativeVariable> parts) {
        this.name = spec.name();
        List<int[]> shapes = spec.inputShapes();
        this.inputSizes = new int[shapes.size()];
        for (int i = 0; i < inputSizes.length; i++) {
            inputSizes[i] = Shapes.size(shapes.get(i), "input " + i + " of layer '" + name + "'");
        }
        this.outputSize = Shapes.size(spec.outputShape(), "the output of layer '" + name + "'");
        List<NativeVariable> vars = new ArrayList<>();
        for (VariableSpec v : parts == null ? spec.variables() : List.<VariableSpec>of()) {
            vars.add(new NativeVariable(name + "/" + v.name(), v));
        }
        this.variables = List.copyOf(parts == null ? vars : parts);
    }

    /** The layer for this specification. */
    public static NativeLayer of(LayerSpec spec) {
        return spec.accept(FACTORY);
    }

    /** The Keras name of the layer. */
    public final String name() {
        return name;
    }

    /** Values per sample of input {@code i}. */
    public final int inputSize(int i) {
        return inputSizes[i];
    }

    /** Values per sample of the first input. */
    public final int inputSize() {
        return inputSizes[0];
    }

    /** How many inputs the layer takes at each node. */
    public final int inputCount() {
        return inputSizes.length;
    }

    /** Values per sample going out. */
    public final int outputSize() {
        return outputSize;
    }

    /**
     * Floats of per-batch scratch space the layer needs at one node for a batch of {@code batch}
     * samples, an affine function of {@code batch} (a fixed part plus a part per sample): a
     * workspace works it out in {@code long} from the sizes for 1 and 2 samples, and checks it,
     * before it asks for the space.
     */
    public int scratchSize(int batch) {
        return 0;
    }

    /**
     * Whether the output is the input's values unchanged (Reshape, Flatten): the model then hands
     * the input's buffers (values and gradient) to the output, and calls neither pass.
     */
    public boolean aliasesInput() {
        return false;
    }

    /**
     * Computes the output of a batch.
     *
     * @param in each input, {@code (batch, ...inputShape(i))}; never written
     * @param out where the output goes, {@code (batch, ...outputShape)}
     * @param scratch {@link #scratchSize(int)} floats kept until the matching backward call
     * @param batch samples
     */
    public abstract void forward(float[][] in, float[] out, float[] scratch, int batch);

    /**
     * The forward pass of a training step; the same as {@link #forward} except for layers that
     * act differently while training: Dropout, and BatchNormalization, which also assigns its
     * moving statistics here, as Keras 3 does in {@code call(training=True)}.
     *
     * @param step the training step, from 0
     */
    public void forwardTraining(float[][] in, float[] out, float[] scratch, int batch, long step) {
        forward(in, out, scratch, batch);
    }

    /**
     * Back-propagates the gradient of the forward call at one node: fills (or adds to) each
     * variable's gradient and writes the gradient with respect to each input whose {@code dIn}
     * entry is not {@code null}.
     *
     * @param in the inputs of the forward call
     * @param out the output of the forward call
     * @param scratch the scratch space of the forward call
     * @param dOut the gradient with respect to {@code out}; the layer may overwrite it
     * @param dIn where the gradient with respect to each input goes (overwritten), {@code null}
     *     entries for inputs nobody needs the gradient of
     * @param batch samples
     * @param accumulate whether to add the variables' gradients to those already there (another
     *     node of the same layer ran its backward pass first in this step) instead of overwriting them
     */
    public abstract void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate);

    /** Every variable, trainable then non-trainable, in Keras order; empty for layers without weights. */
    public final List<NativeVariable> variables() {
        return variables;
    }

    /** The weights in Keras order and shapes; copies. */
    public final List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (NativeVariable v : variables) {
            out.add(v.toTensor());
        }
        return out;
    }

    /** Copies these weights in, in Keras order; the facade has checked count and shapes. */
    public final void setWeights(List<Tensor> weights) {
        if (weights.size() != variables.size()) {
            throw new IllegalArgumentException("Layer '" + name + "' has " + variables.size() + " weights. Received: "
                    + weights.size());
        }
        for (int i = 0; i < variables.size(); i++) {
            variables.get(i).assign(weights.get(i));
        }
    }
}
