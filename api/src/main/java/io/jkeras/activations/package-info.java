/**
 * Keras's activation functions by name, with their formulas.
 */
package io.jkeras.activations;
