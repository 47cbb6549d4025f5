/**
 * JMH microbenchmarks of the native backend's hot paths: the matrix product on the MLP's shapes
 * (against ND4J's), a Dense layer's forward and training step, and softmax with crossentropy.
 * Run with {@code java --add-modules jdk.incubator.vector -cp bench/target/jkeras-bench.jar org.openjdk.jmh.Main [regexp]}.
 */
package io.jkeras.bench.jmh;
