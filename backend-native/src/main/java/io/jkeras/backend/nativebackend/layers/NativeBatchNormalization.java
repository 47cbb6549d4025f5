package io.jkeras.backend.nativebackend.layers;

import io.jkeras.backend.BatchNormalizationSpec;
import java.util.Arrays;

/**
 * Keras's {@code BatchNormalization} on the last axis: the input is {@code rows = batch *
 * rowsPerSample} rows of {@code channels}, and {@code out = (x - mean) * (gamma / sqrt(variance +
 * epsilon)) + beta} per channel (Keras's {@code ops.batch_normalization}).
 *
 * <p>Inference uses the moving statistics. A training forward pass takes the batch's mean and
 * biased variance of each channel (in double), keeps the mean and {@code 1 / sqrt(variance +
 * epsilon)} in scratch space, and assigns the moving statistics as Keras 3 does in
 * {@code call(training=True)}: {@code moving = moving * momentum + batch * (1 - momentum)}.
 *
 * <p>Backward (batch statistics), with {@code xhat = (x - mean) * invStd} and {@code n} rows:
 * {@code dGamma = sum(dOut * xhat)}, {@code dBeta = sum(dOut)},
 * {@code dIn = gamma * invStd / n * (n * dOut - dBeta - xhat * dGamma)}.
 */
public final class NativeBatchNormalization extends NativeLayer {
    private final int channels;
    private final int rowsPerSample;
    private final float momentum;
    private final float oneMinusMomentum;
    private final float epsilon;
    private final NativeVariable gamma;
    private final NativeVariable beta;
    private final NativeVariable movingMean;
    private final NativeVariable movingVariance;
    /** Per-channel working arrays of one call, reused (a model runs one call at a time). */
    private final double[] sums;
    private final double[] squares;
    private final float[] factor;
    private final float[] zeros;

    /** The layer for this specification, with zero weights until they are set. */
    public NativeBatchNormalization(BatchNormalizationSpec spec) {
        super(spec);
        this.channels = spec.channels();
        this.rowsPerSample = spec.rowsPerSample();
        this.momentum = spec.momentum();
        this.oneMinusMomentum = (float) (1.0 - spec.momentum());
        this.epsilon = spec.epsilon();
        int k = 0;
        this.gamma = spec.scale() ? variables().get(k++) : null;
        this.beta = spec.center() ? variables().get(k++) : null;
        this.movingMean = variables().get(k++);
        this.movingVariance = variables().get(k);
        this.sums = new double[channels];
        this.squares = new double[channels];
        this.factor = new float[channels];
        this.zeros = new float[channels];
    }

    @Override
    public int scratchSize(int batch) {
        return 2 * channels;
    }

    @Override
    public void forward(float[][] in, float[] out, float[] scratch, int batch) {
        float[] mean = movingMean.value();
        float[] variance = movingVariance.value();
        for (int c = 0; c < channels; c++) {
            scratch[c] = mean[c];
            scratch[channels + c] = invStd(variance[c]);
        }
        normalize(in[0], out, scratch, batch * rowsPerSample);
    }

    @Override
    public void forwardTraining(float[][] inputs, float[] out, float[] scratch, int batch, long step) {
        float[] x = inputs[0];
        int rows = batch * rowsPerSample;
        double[] sum = sums;
        Arrays.fill(sum, 0);
        Arrays.fill(squares, 0);
        for (int r = 0; r < rows; r++) {
            int off = r * channels;
            for (int c = 0; c < channels; c++) {
                sum[c] += x[off + c];
            }
        }
        float[] mm = movingMean.value();
        float[] mv = movingVariance.value();
        for (int c = 0; c < channels; c++) {
            sum[c] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            int off = r * channels;
            for (int c = 0; c < channels; c++) {
                double d = x[off + c] - sum[c];
                squares[c] += d * d;
            }
        }
        for (int c = 0; c < channels; c++) {
            float mean = (float) sum[c];
            float variance = (float) (squares[c] / rows);
            scratch[c] = mean;
            scratch[channels + c] = invStd(variance);
            mm[c] = mm[c] * momentum + mean * oneMinusMomentum;
            mv[c] = mv[c] * momentum + variance * oneMinusMomentum;
        }
        normalize(x, out, scratch, rows);
    }

    private float invStd(float variance) {
        return (float) (1.0 / Math.sqrt(variance + epsilon));
    }

    /** {@code out = (x - mean) * (gamma * invStd) + beta} with the mean and invStd in scratch. */
    private void normalize(float[] x, float[] out, float[] scratch, int rows) {
        for (int c = 0; c < channels; c++) {
            factor[c] = gamma == null ? scratch[channels + c] : scratch[channels + c] * gamma.value()[c];
        }
        float[] b = beta == null ? zeros : beta.value();
        for (int r = 0; r < rows; r++) {
            int off = r * channels;
            for (int c = 0; c < channels; c++) {
                out[off + c] = (x[off + c] - scratch[c]) * factor[c] + b[c];
            }
        }
    }

    @Override
    public void backward(float[][] inputs, float[] out, float[] scratch, float[] dOut, float[][] dIn, int batch,
            boolean accumulate) {
        float[] x = inputs[0];
        int rows = batch * rowsPerSample;
        double[] dGamma = sums;
        double[] dBeta = squares;
        Arrays.fill(dGamma, 0);
        Arrays.fill(dBeta, 0);
        for (int r = 0; r < rows; r++) {
            int off = r * channels;
            for (int c = 0; c < channels; c++) {
                float xhat = (x[off + c] - scratch[c]) * scratch[channels + c];
                dGamma[c] += dOut[off + c] * xhat;
                dBeta[c] += dOut[off + c];
            }
        }
        addGradient(gamma, dGamma, accumulate);
        addGradient(beta, dBeta, accumulate);
        float[] d = dIn[0];
        if (d == null) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            dGamma[c] /= rows;
            dBeta[c] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            int off = r * channels;
            for (int c = 0; c < channels; c++) {
                float invStd = scratch[channels + c];
                float g = gamma == null ? invStd : gamma.value()[c] * invStd;
                float xhat = (x[off + c] - scratch[c]) * invStd;
                d[off + c] = g * (float) (dOut[off + c] - dBeta[c] - xhat * dGamma[c]);
            }
        }
    }

    private static void addGradient(NativeVariable v, double[] grad, boolean accumulate) {
        if (v == null) {
            return;
        }
        float[] g = v.grad();
        if (!accumulate) {
            Arrays.fill(g, 0f);
        }
        for (int c = 0; c < g.length; c++) {
            g[c] += (float) grad[c];
        }
    }
}
