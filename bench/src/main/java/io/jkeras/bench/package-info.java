/**
 * Benchmarks of jkeras: {@link io.jkeras.bench.Bench} times the workloads of the performance issue
 * on the native backend, on DL4J through the facade and on a hand-written DL4J network, and prints
 * one table; {@code io.jkeras.bench.jmh} holds JMH microbenchmarks of the native kernels.
 */
package io.jkeras.bench;
