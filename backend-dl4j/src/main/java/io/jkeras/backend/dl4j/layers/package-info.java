/**
 * Keras layers on DL4J: each layer spec as a DL4J layer configuration, its weights in Keras's
 * layout over DL4J's parameter views, and Keras 3's activation functions as DL4J
 * {@link org.nd4j.linalg.activations.IActivation}s.
 */
package io.jkeras.backend.dl4j.layers;
