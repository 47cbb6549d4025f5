/**
 * Keras's initializers; initial weights are drawn here, from the global seed, so every backend starts alike.
 */
package io.jkeras.initializers;
