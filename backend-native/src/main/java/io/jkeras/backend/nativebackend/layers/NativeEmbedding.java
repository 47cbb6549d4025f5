package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.EmbeddingSpec;
import java.util.Arrays;

/**
 * Keras's {@code Embedding}: each index of the input selects a row of {@code embeddings}
 * {@code (inputDim, outputDim)}, copied to the output. Backward adds each output row's gradient to
 * the row it came from; indices get a zero gradient (they have none).
 */
public final class NativeEmbedding extends NativeLayer {
    private final String name;
    private final int inputDim;
    private final int outputDim;
    private final NativeVariable embeddings;

    /** An Embedding for this specification, with zero weights until they are set. */
    public NativeEmbedding(EmbeddingSpec spec) {
        super(spec);
        this.name = spec.name();
        this.inputDim = spec.inputDim();
        this.outputDim = spec.outputDim();
        this.embeddings = variables().get(0);
    }

    /** The row of index value {@code v}; the facade checked it, this guards other callers. */
    private int row(float v) {
        int i = (int) v;
        if (i != v || i < 0 || i >= inputDim) {
            throw new IllegalArgumentException("Embedding '" + name + "' received index " + v + ", outside [0, "
                    + inputDim + ").");
        }
        return i;
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        float[] idx = in[0];
        float[] e = embeddings.value();
        int n = batch * inputSize();
        for (int p = 0; p < n; p++) {
            System.arraycopy(e, row(idx[p]) * outputDim, out, p * outputDim, outputDim);
        }
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        float[] idx = in[0];
        float[] g = embeddings.grad();
        if (!accumulate) {
            Arrays.fill(g, 0f);
        }
        int n = batch * inputSize();
        for (int p = 0; p < n; p++) {
            int r = row(idx[p]) * outputDim;
            int o = p * outputDim;
            for (int j = 0; j < outputDim; j++) {
                g[r + j] += dOut[o + j];
            }
        }
        if (dIn[0] != null) {
            Arrays.fill(dIn[0], 0, n, 0f);
        }
    }
}
