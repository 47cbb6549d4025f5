package io.jkeras.backend.nativebackend.losses;

/**
 * The per-sample categorical crossentropy shared by the dense and sparse losses. Labels are
 * either a row of {@code y} (dense) or a class index (sparse, {@code y == null}), standing for
 * its one-hot row.
 */
final class Crossentropy {
    private Crossentropy() {
    }

    private static double label(float[] y, int yOff, int cls, int j) {
        return y != null ? y[yOff + j] : j == cls ? 1.0 : 0.0;
    }

    /**
     * {@code -sum(y log clip(q, lo, hi))} with {@code q = p / sum(p)}; writes
     * {@code scale * d/dp} into {@code grad} if it is not {@code null}.
     */
    static double fromProbabilities(float[] y, int yOff, int cls, float[] p, int off, int width,
            float lo, float hi, float[] grad, double scale) {
        double s = 0;
        for (int j = 0; j < width; j++) {
            s += p[off + j];
        }
        float sf = (float) s;
        double loss = 0;
        double gq = 0;
        for (int j = 0; j < width; j++) {
            double t = label(y, yOff, cls, j);
            float q = p[off + j] / sf;
            float qc = q < lo ? lo : q > hi ? hi : q;
            if (t != 0) {
                loss -= t * Math.log(qc);
            }
            if (grad != null) {
                // g_j = d loss / d q_j, zero where the clip is active.
                double g = q >= lo && q <= hi ? -t / qc : 0.0;
                grad[off + j] = (float) g;
                gq += g * q;
            }
        }
        if (grad != null) {
            double f = scale / sf;
            for (int j = 0; j < width; j++) {
                grad[off + j] = (float) ((grad[off + j] - gq) * f);
            }
        }
        return loss;
    }

    /**
     * {@code -sum(y log_softmax(z))}; writes {@code scale * (softmax(z) sum(y) - y)} into
     * {@code grad} if it is not {@code null}.
     */
    static double fromLogits(float[] y, int yOff, int cls, float[] z, int off, int width, float[] grad, double scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) {
            max = Math.max(max, z[off + j]);
        }
        double sumExp = 0;
        for (int j = 0; j < width; j++) {
            sumExp += Math.exp(z[off + j] - max);
        }
        double lse = max + Math.log(sumExp);
        double loss = 0;
        double ySum = 0;
        for (int j = 0; j < width; j++) {
            double t = label(y, yOff, cls, j);
            if (t != 0) {
                loss -= t * (z[off + j] - lse);
            }
            ySum += t;
        }
        if (grad != null) {
            for (int j = 0; j < width; j++) {
                double soft = Math.exp(z[off + j] - lse);
                grad[off + j] = (float) (scale * (soft * ySum - label(y, yOff, cls, j)));
            }
        }
        return loss;
    }
}
