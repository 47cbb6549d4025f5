package io.jkeras.models;

import io.jkeras.backend.StepResult;

/**
 * Training data that lives elsewhere (on a cluster's executors) for {@link Model#fit(BatchSource,
 * FitOptions)}: the epoch loop on this machine chooses each step's samples by position, from
 * {@code 0} to {@link #size()}, shuffled as {@code fit} shuffles tensors, and the source runs the
 * step, typically with {@link Model#computeGradients} on each shard and one
 * {@link Model#applyGradients} of their sum.
 */
public interface BatchSource {

    /** Samples in an epoch. */
    int size();

    /**
     * One optimizer step of the model on the samples at these positions, in this order (one global
     * batch); the losses as {@code trainOnBatch} gives them, predictions not needed.
     */
    StepResult trainStep(int[] samples);
}
