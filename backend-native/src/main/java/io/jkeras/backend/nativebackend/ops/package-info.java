/** The native backend's {@code keras.ops}-style tensor functions, with NumPy broadcasting. */
package io.jkeras.backend.nativebackend.ops;
