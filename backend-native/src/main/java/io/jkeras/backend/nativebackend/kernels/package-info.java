/**
 * Plain-Java numeric kernels of the native backend: static methods over flat row-major
 * {@code float[]} arrays with offsets and strides, and the size thresholds they use
 * ({@link io.jkeras.backend.nativebackend.kernels.NativeParameters}).
 */
package io.jkeras.backend.nativebackend.kernels;
