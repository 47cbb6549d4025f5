/**
 * Keras's L1/L2 weight penalties.
 */
package io.jkeras.regularizers;
