package io.jkeras.metrics;

import io.jkeras.Tensor;
import java.util.Objects;

/**
 * Keras's {@code MeanMetricWrapper}: the mean, over every sample seen, of a per-sample value.
 * Subclasses say how one sample scores.
 */
public abstract class MeanMetric implements Metric {
    private final String name;
    private double total;
    private double count;

    /** A metric shown under this name. */
    protected MeanMetric(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public final void update(Tensor yTrue, Tensor yPred) {
        update(yTrue, yPred, null);
    }

    /** Keras's {@code Mean} with sample weights: {@code sum(w * value) / sum(w)} over every row seen. */
    @Override
    public final void update(Tensor yTrue, Tensor yPred, float[] rowWeights) {
        Objects.requireNonNull(yTrue, "yTrue must not be null");
        Objects.requireNonNull(yPred, "yPred must not be null");
        int n = yPred.rank() == 0 ? 1 : yPred.dim(0);
        if (n == 0) {
            return;
        }
        int truePer = yTrue.size() / n;
        int predPer = yPred.size() / n;
        float[] t = yTrue.data();
        float[] p = yPred.data();
        if (rowWeights == null) {
            for (int i = 0; i < n; i++) {
                total += sample(t, i * truePer, truePer, p, i * predPer, predPer);
            }
            count += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            if (rowWeights[i] != 0f) {
                total += rowWeights[i] * sample(t, i * truePer, truePer, p, i * predPer, predPer);
                count += rowWeights[i];
            }
        }
    }

    protected abstract double sample(float[] t, int to, int tn, float[] p, int po, int pn);

    @Override
    public double result() {
        return count == 0 ? 0.0 : total / count;
    }

    @Override
    public void reset() {
        total = 0;
        count = 0;
    }
}
