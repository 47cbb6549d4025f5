/**
 * Keras 3's optimizer update rules over {@code float[]}, written once and run by every backend
 * that keeps its variables (or copies of them) in Java arrays.
 */
package io.jkeras.backend.updates;
