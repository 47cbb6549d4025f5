/**
 * Keras's models: {@link io.jkeras.models.Sequential} with compile, fit, evaluate, predict and summary.
 */
package io.jkeras.models;
