/**
 * The native backend's layers: each class holds a layer's forward pass and, beside it, its
 * backward pass, over row-major {@code (batch, features)} float arrays.
 */
package io.jkeras.backend.nativebackend.layers;
