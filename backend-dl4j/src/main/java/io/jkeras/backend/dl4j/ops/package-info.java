/**
 * {@code keras.ops}-style tensor functions on ND4J, and the copies between jkeras tensors and ND4J arrays.
 */
package io.jkeras.backend.dl4j.ops;
