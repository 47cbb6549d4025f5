/**
 * The {@code dl4j} backend: compiles a jkeras model into a DeepLearning4J network on ND4J (CPU,
 * or CUDA with the {@code -Pcuda} build), with Keras 3's losses, activations and optimizers.
 */
package io.jkeras.backend.dl4j;
