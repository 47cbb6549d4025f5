/**
 * Data utilities, as in {@code keras.datasets} and {@code keras.utils}: an IDX reader and MNIST /
 * Fashion-MNIST loaders, synthetic data sets ({@code makeMoons}, noisy functions),
 * {@code toCategorical}, {@code PyDataset} (batches made on demand, which {@code fit},
 * {@code evaluate} and {@code predict} take) and {@code TimeseriesGenerator}, a {@code PyDataset}.
 */
package io.jkeras.data;
