package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.GatherSpec;
import java.util.Arrays;

/**
 * ZeroPadding2D, Cropping2D, UpSampling2D, RepeatVector, Permute and the slices of a multi-output call: each output value is the input
 * value at {@link GatherSpec#sourceIndices()} or zero (forward), and each input's gradient is the
 * sum of the output gradients that copied it (backward). No weights.
 */
final class NativeGather extends NativeLayer {
    private final int[] source;

    NativeGather(GatherSpec spec) {
        super(spec);
        this.source = spec.sourceIndices();
    }

    @Override
    public void forward(float[][] inputs, float[] out, float[] scratch, int batch) {
        float[] in = inputs[0];
        int inSize = inputSize();
        int outSize = outputSize();
        for (int b = 0; b < batch; b++) {
            int i0 = b * inSize;
            int o0 = b * outSize;
            for (int k = 0; k < outSize; k++) {
                int s = source[k];
                out[o0 + k] = s < 0 ? 0f : in[i0 + s];
            }
        }
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        float[] d = dIn[0];
        if (d == null) {
            return;
        }
        int inSize = inputSize();
        int outSize = outputSize();
        Arrays.fill(d, 0, batch * inSize, 0f);
        for (int b = 0; b < batch; b++) {
            int i0 = b * inSize;
            int o0 = b * outSize;
            for (int k = 0; k < outSize; k++) {
                int s = source[k];
                if (s >= 0) {
                    d[i0 + s] += dOut[o0 + k];
                }
            }
        }
    }
}
