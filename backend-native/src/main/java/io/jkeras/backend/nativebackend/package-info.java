/**
 * The {@code native} backend: a pure-Java implementation of jkeras's backend SPI over
 * {@code float[]} arrays, with no native code. {@link io.jkeras.backend.nativebackend.NativeBackendProvider}
 * registers it; sub-packages hold its layers, losses, tensor functions and kernels. Optimizer updates
 * are the shared rules of {@code io.jkeras.backend.updates}.
 */
package io.jkeras.backend.nativebackend;
