/**
 * Keras 3's losses as DL4J {@link org.nd4j.linalg.lossfunctions.ILossFunction}s: the exact Keras
 * value and its exact gradient, for DL4J's output layers.
 */
package io.jkeras.backend.dl4j.losses;
