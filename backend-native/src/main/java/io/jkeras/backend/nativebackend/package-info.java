/**
 * The {@code native} backend: a pure-Java implementation of jkeras's backend SPI over
 * {@code float[]} arrays, with no native code. {@link io.jkeras.backend.nativebackend.NativeBackendProvider}
 * registers it; sub-packages hold its layers, losses, optimizers, tensor functions and kernels.
 */
package io.jkeras.backend.nativebackend;
