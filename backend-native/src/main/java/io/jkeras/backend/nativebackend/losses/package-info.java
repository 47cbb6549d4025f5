/**
 * The native backend's losses: each computes Keras's formula and, in the same pass, its exact
 * gradient with respect to the predictions.
 */
package io.jkeras.backend.nativebackend.losses;
