/**
 * Keras 3's optimizers for the dl4j backend: the exact Keras update rules in ND4J operations on
 * the network's flat parameter vector.
 */
package io.jkeras.backend.dl4j.optimizers;
