package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.LayerNormSpec;
import java.util.Arrays;

/**
 * Keras's {@code LayerNormalization} over one axis: each group of {@code n} values along the axis
 * (the input seen as {@code (batch * outer, n, inner)}) becomes
 * {@code xhat = (x - mean) / sqrt(var + epsilon)} (biased variance, accumulated in double), then
 * {@code y = xhat * gamma + beta}. The forward pass keeps {@code xhat} and each group's
 * {@code 1 / sqrt(var + epsilon)} in scratch space; the backward pass is
 * {@code dx = inv * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))} with {@code dxhat = dy * gamma},
 * {@code dgamma = sum(dy * xhat)}, {@code dbeta = sum(dy)}.
 */
final class NativeLayerNorm extends NativeLayer {
    private final int outer;
    private final int n;
    private final int inner;
    private final float epsilon;
    private final NativeVariable gamma;
    private final NativeVariable beta;

    NativeLayerNorm(LayerNormSpec spec) {
        super(spec);
        this.outer = spec.outer();
        this.n = spec.axisSize();
        this.inner = spec.inner();
        this.epsilon = spec.epsilon();
        int v = 0;
        this.gamma = spec.scale() ? variables().get(v++) : null;
        this.beta = spec.center() ? variables().get(v) : null;
    }

    /** Groups in a batch: one per (sample, outer position, inner position). */
    private int groups(int batch) {
        return batch * outer * inner;
    }

    @Override
    public int scratchSize(int batch) {
        return batch * inputSize() + groups(batch);
    }

    @Override
    public void forward(float[][] inputs, float[] out, float[] scratch, int batch) {
        float[] x = inputs[0];
        int xhatEnd = batch * inputSize();
        float[] g = gamma == null ? null : gamma.value();
        float[] bt = beta == null ? null : beta.value();
        int group = 0;
        for (int o = 0; o < batch * outer; o++) {
            for (int i = 0; i < inner; i++, group++) {
                int base = o * n * inner + i;
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += x[base + j * inner];
                }
                double mean = sum / n;
                double sq = 0;
                for (int j = 0; j < n; j++) {
                    double c = x[base + j * inner] - mean;
                    sq += c * c;
                }
                float inv = (float) (1.0 / Math.sqrt(sq / n + epsilon));
                scratch[xhatEnd + group] = inv;
                for (int j = 0; j < n; j++) {
                    int k = base + j * inner;
                    float xhat = (float) ((x[k] - mean) * inv);
                    scratch[k] = xhat;
                    float y = g == null ? xhat : xhat * g[j];
                    out[k] = bt == null ? y : y + bt[j];
                }
            }
        }
    }

    @Override
    public void backward(float[][] in, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        int xhatEnd = batch * inputSize();
        float[] g = gamma == null ? null : gamma.value();
        float[] dg = gamma == null ? null : gamma.grad();
        float[] db = beta == null ? null : beta.grad();
        if (!accumulate) {
            if (dg != null) {
                Arrays.fill(dg, 0f);
            }
            if (db != null) {
                Arrays.fill(db, 0f);
            }
        }
        float[] d = dIn[0];
        int group = 0;
        for (int o = 0; o < batch * outer; o++) {
            for (int i = 0; i < inner; i++, group++) {
                int base = o * n * inner + i;
                double sumD = 0;
                double sumDx = 0;
                for (int j = 0; j < n; j++) {
                    int k = base + j * inner;
                    float dy = dOut[k];
                    float xhat = scratch[k];
                    if (dg != null) {
                        dg[j] += dy * xhat;
                    }
                    if (db != null) {
                        db[j] += dy;
                    }
                    double dxhat = g == null ? dy : dy * g[j];
                    sumD += dxhat;
                    sumDx += dxhat * xhat;
                }
                if (d == null) {
                    continue;
                }
                double inv = scratch[xhatEnd + group];
                double meanD = sumD / n;
                double meanDx = sumDx / n;
                for (int j = 0; j < n; j++) {
                    int k = base + j * inner;
                    double dxhat = g == null ? dOut[k] : dOut[k] * g[j];
                    d[k] = (float) (inv * (dxhat - meanD - scratch[k] * meanDx));
                }
            }
        }
    }
}
