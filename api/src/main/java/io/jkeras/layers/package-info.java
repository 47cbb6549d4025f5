/**
 * Keras's layers: configuration, shapes and weights; backends get immutable specs of them.
 */
package io.jkeras.layers;
