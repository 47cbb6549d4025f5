package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.MaskSpec;
import java.util.Arrays;

/**
 * Keras's {@code GlobalAveragePooling1D} with a mask ({@link GlobalPoolingSpec}): each channel's mean
 * over the unmasked steps, {@code out[c] = sum_t m_t x[t, c] / sum_t m_t} (NaN for a sample whose
 * every step is masked, as in Keras); backward {@code dx[t, c] = dOut[c] m_t / sum_t m_t}, and no
 * gradient for the mask's source. Scratch: the mask {@code (batch, steps)}, then each sample's
 * count of kept steps.
 */
final class NativeMaskedAverage extends NativeLayer {
    private final MaskSpec mask;
    private final int steps;
    private final int channels;

    NativeMaskedAverage(GlobalPoolingSpec spec) {
        super(spec);
        this.mask = spec.mask();
        this.steps = spec.inputShape()[0];
        this.channels = spec.channels();
    }

    @Override
    public int scratchSize(int batch) {
        return batch * steps + batch;
    }

    @Override
    public void forward(float[][] inputs, float[] out, float[] scratch, int batch) {
        float[] x = inputs[0];
        mask.fill(inputs[1], batch, scratch, 0);
        int counts = batch * steps;
        for (int i = 0; i < batch; i++) {
            float count = 0f;
            for (int t = 0; t < steps; t++) {
                count += scratch[i * steps + t];
            }
            scratch[counts + i] = count;
            int o = i * channels;
            Arrays.fill(out, o, o + channels, 0f);
            for (int t = 0; t < steps; t++) {
                float m = scratch[i * steps + t];
                int r = (i * steps + t) * channels;
                for (int c = 0; c < channels; c++) {
                    out[o + c] += x[r + c] * m;
                }
            }
            for (int c = 0; c < channels; c++) {
                out[o + c] /= count;
            }
        }
    }

    @Override
    public void backward(float[][] inputs, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        if (dIn.length > 1 && dIn[1] != null) {
            Arrays.fill(dIn[1], 0, batch * inputSize(1), 0f);
        }
        float[] dx = dIn[0];
        if (dx == null) {
            return;
        }
        int counts = batch * steps;
        for (int i = 0; i < batch; i++) {
            float count = scratch[counts + i];
            for (int t = 0; t < steps; t++) {
                float m = scratch[i * steps + t];
                int r = (i * steps + t) * channels;
                for (int c = 0; c < channels; c++) {
                    dx[r + c] = dOut[i * channels + c] * m / count;
                }
            }
        }
    }
}
