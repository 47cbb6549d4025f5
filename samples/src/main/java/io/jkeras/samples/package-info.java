/**
 * The seed workloads as runnable programs: each sample is what a Keras (or Theano, or NumPy)
 * user's first program does, written with jkeras, printing what the original prints and
 * drawing its pictures. {@link io.jkeras.samples.Main} runs them from the command line.
 */
package io.jkeras.samples;
