package io.jkeras.bench;

/**
 * The LSTM workload's data, made by a formula rather than a generator so that
 * {@code bench/python/keras_torch_lstm.py} builds exactly the same values:
 * {@code x[i][t][f] = sin(0.01 * (7 i + 3 t + 11 f + 1) * (f + 1))} over {@link #STEPS} steps of
 * {@link #FEATURES} features, and the target {@code y[i]} the mean over time of feature 0 times
 * feature 1 (a quantity that needs the whole sequence).
 *
 * @param x {@code n × STEPS × FEATURES}, row-major
 * @param y {@code n}
 * @param n sequences
 */
public record SequenceData(float[] x, float[] y, int n) {
    /** Time steps per sequence. */
    public static final int STEPS = 64;
    /** Features per step. */
    public static final int FEATURES = 8;
    /** The LSTM's units. */
    public static final int UNITS = 128;

    /** The first {@code n} sequences of the formula. */
    public static SequenceData make(int n) {
        float[] x = new float[n * STEPS * FEATURES];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int t = 0; t < STEPS; t++) {
                int row = (i * STEPS + t) * FEATURES;
                for (int f = 0; f < FEATURES; f++) {
                    x[row + f] = (float) Math.sin(0.01 * (7 * i + 3 * t + 11 * f + 1) * (f + 1));
                }
                sum += (double) x[row] * x[row + 1];
            }
            y[i] = (float) (sum / STEPS);
        }
        return new SequenceData(x, y, n);
    }
}
