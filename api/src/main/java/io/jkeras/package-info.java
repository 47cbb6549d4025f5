/**
 * jkeras, Keras for the JVM: {@link io.jkeras.Tensor}, global state ({@link io.jkeras.Keras}) and the exception type.
 */
package io.jkeras;
