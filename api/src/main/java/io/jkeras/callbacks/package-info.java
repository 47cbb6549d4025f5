/**
 * Keras's callbacks, History and the progress bar.
 */
package io.jkeras.callbacks;
