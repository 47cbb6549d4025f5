/**
 * Keras's metrics, computed by the facade from predictions, identical on every backend.
 */
package io.jkeras.metrics;
