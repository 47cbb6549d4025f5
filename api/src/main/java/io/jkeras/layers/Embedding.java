package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.EmbeddingSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.VariableSpec;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.RandomUniform;
import io.jkeras.regularizers.Regularizer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Keras's {@code Embedding}: turns integer indices into dense vectors, {@code output[..., :] =
 * embeddings[index]}.
 *
 * <p>Input shape: {@code (batch, ...)} of whole numbers in {@code [0, inputDim)}, checked before any
 * backend runs (an index out of range or not a whole number is a {@link KerasException} naming the
 * sample and the value). Output shape: {@code (batch, ..., outputDim)}. Weights: {@code embeddings}
 * {@code (inputDim, outputDim)} from {@code embeddingsInitializer} (default {@code uniform(-0.05, 0.05)},
 * Keras's {@code "uniform"}). With {@code maskZero(true)} the steps holding index 0 are masked for the
 * layers after it.
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private Initializer embeddingsInitializer = new RandomUniform();
    private Regularizer embeddingsRegularizer;
    private boolean maskZero;

    /**
     * An embedding of a vocabulary of {@code inputDim} indices into vectors of {@code outputDim}.
     *
     * @throws KerasException if either size is not positive
     */
    public Embedding(int inputDim, int outputDim) {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new KerasException("Both `input_dim` and `output_dim` should be positive, Received input_dim="
                    + inputDim + " and output_dim=" + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    /** The initializer of the embeddings (Keras's {@code embeddings_initializer}, default uniform(-0.05, 0.05)). */
    public Embedding embeddingsInitializer(Initializer init) {
        checkNotBuilt("the embeddings initializer");
        this.embeddingsInitializer = Objects.requireNonNull(init, "embeddingsInitializer");
        return this;
    }

    /** The initializer of the embeddings by Keras name. */
    public Embedding embeddingsInitializer(String name) {
        return embeddingsInitializer(Initializer.get(name));
    }

    /** A penalty on the embeddings added to the loss (Keras's {@code embeddings_regularizer}). */
    public Embedding embeddingsRegularizer(Regularizer r) {
        checkNotBuilt("the embeddings regularizer");
        this.embeddingsRegularizer = r;
        return this;
    }

    /**
     * Keras's {@code mask_zero}: index 0 is padding, and the steps holding it are masked for the
     * layers after this one (recurrent layers keep their state over them). Default false.
     */
    public Embedding maskZero(boolean b) {
        checkNotBuilt("maskZero");
        this.maskZero = b;
        return this;
    }

    /** Whether index 0 masks its step. */
    public boolean getMaskZero() {
        return maskZero;
    }

    @Override
    public MaskSpec outputMask(String input, int[] inputShape, MaskSpec inputMask) {
        super.outputMask(input, inputShape, inputMask);
        return maskZero ? new MaskSpec(input, inputShape, true, 0f) : null;
    }

    @Override
    public Embedding name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Embedding inputShape(int... shape) {
        super.inputShape(shape);
        return this;
    }

    /** The vocabulary size. */
    public int inputDim() {
        return inputDim;
    }

    /** The width of each embedding. */
    public int outputDim() {
        return outputDim;
    }

    /** The initializer of the embeddings. */
    public Initializer getEmbeddingsInitializer() {
        return embeddingsInitializer;
    }

    /** The penalty on the embeddings, or {@code null}. */
    public Regularizer getEmbeddingsRegularizer() {
        return embeddingsRegularizer;
    }

    @Override
    public String className() {
        return "Embedding";
    }

    @Override
    protected String namePrefix() {
        return "embedding";
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        int[] out = Arrays.copyOf(in, in.length + 1);
        out[in.length] = outputDim;
        return out;
    }

    @Override
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        return List.of(VariableSpec.trainable("embeddings", new int[] {inputDim, outputDim}, embeddingsRegularizer));
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        return List.of(embeddingsInitializer.apply(new int[] {inputDim, outputDim}, rng));
    }

    /**
     * Checks that every value is a whole number in {@code [0, inputDim)}.
     *
     * @throws KerasException naming the layer, the sample, the position in it and the value
     */
    @Override
    public void checkInputValues(Tensor x, String input, String call) {
        float[] d = x.data();
        int per = Math.max(1, x.sampleSize());
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            if (v != Math.rint(v) || v < 0 || v >= inputDim) {
                String why = v != Math.rint(v) ? "which is not a whole number"
                        : "outside the vocabulary [0, " + inputDim + ") (inputDim=" + inputDim + ")";
                throw new KerasException("Embedding '" + getName() + "' received index " + v + " at sample " + (i / per)
                        + " (value " + (i % per) + " of that sample) of input '" + input + "' in " + call + "(), "
                        + why + ".");
            }
        }
    }

    @Override
    public LayerSpec toSpec() {
        return new EmbeddingSpec(getName(), inputShape(), inputDim, outputDim, embeddingsRegularizer);
    }
}
