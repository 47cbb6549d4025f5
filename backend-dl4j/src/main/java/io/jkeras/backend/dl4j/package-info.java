/**
 * The {@code dl4j} backend: compiles a jkeras model graph into a DeepLearning4J
 * {@code ComputationGraph} on ND4J (CPU, or CUDA with the {@code -Pcuda} build), with Keras 3's
 * losses and activations, and Keras 3's update rules ({@code io.jkeras.backend.updates}) over the
 * network's flat parameter vector.
 */
package io.jkeras.backend.dl4j;
