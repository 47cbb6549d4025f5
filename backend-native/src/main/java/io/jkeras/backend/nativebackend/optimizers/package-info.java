/**
 * The native backend's optimizers: Keras 3's update rules applied in place to float arrays, with
 * their state allocated once per compiled model.
 */
package io.jkeras.backend.nativebackend.optimizers;
