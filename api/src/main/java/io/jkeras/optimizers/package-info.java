/**
 * Keras's optimizers: hyper-parameters with Keras's names and defaults; backends apply the update rules.
 */
package io.jkeras.optimizers;
