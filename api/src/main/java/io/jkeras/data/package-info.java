/**
 * Data utilities, as in {@code keras.datasets} and {@code keras.utils}: an IDX reader and MNIST /
 * Fashion-MNIST loaders, synthetic data sets ({@code makeMoons}, noisy functions),
 * {@code toCategorical} and {@code TimeseriesGenerator}.
 */
package io.jkeras.data;
