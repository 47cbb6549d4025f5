/**
 * Keras's losses: immutable descriptions with Keras's names, defaults and reductions.
 */
package io.jkeras.losses;
