package io.jkeras.backend;

import io.jkeras.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One compiled model on one backend. The facade has already checked every shape and value:
 * {@code x} holds one tensor per model input, {@code (batch, ...inputShape)}; {@code y} one per
 * output, {@code (batch, ...outputShape)}, or {@code (batch, 1)} of class indices for sparse
 * categorical crossentropy. Tensors passed in may be buffers the facade reuses; a backend must not
 * keep them after the call.
 *
 * <p>A model built without a {@link TrainingSpec} is for inference only: its training and test
 * steps throw {@link io.jkeras.KerasException}.
 */
public interface TrainableModel extends AutoCloseable {

    /** One optimizer step on this batch; the losses are the ones before the step. */
    StepResult trainOnBatch(List<Tensor> x, List<Tensor> y, boolean returnPredictions);

    /** The losses on this batch, without updating anything. */
    StepResult testOnBatch(List<Tensor> x, List<Tensor> y, boolean returnPredictions);

    /**
     * The gradients of the loss on this batch with respect to every trainable variable, without
     * applying them: the forward pass in training mode at the current step (as
     * {@link #trainOnBatch} would run it) and the backward pass, nothing updated. Sums over the
     * batch's samples, without weight penalties (see {@link Gradients}); new tensors.
     */
    Gradients computeGradients(List<Tensor> x, List<Tensor> y);

    /**
     * One optimizer step with the given gradients (Keras's {@code optimizer.apply_gradients}): the
     * sums divided by their sample count, the weight penalties' gradients added, the update rule of
     * {@link #trainOnBatch} applied and the step counter advanced. So
     * {@code applyGradients(computeGradients(x, y))} is {@code trainOnBatch(x, y, false)}. The
     * facade has checked the layers and shapes.
     *
     * @return the losses as {@code trainOnBatch} gives them: {@code lossSum / samples} plus the
     *     penalties before the step, each output's mean loss; no predictions
     */
    StepResult applyGradients(Gradients gradients);

    /** The model's outputs for this batch, {@code (batch, ...outputShape)} each; new tensors. */
    List<Tensor> predictOnBatch(List<Tensor> x);

    /** Every variable of the named layer, trainable then non-trainable, in Keras's shapes; copies. */
    List<Tensor> getWeights(String layer);

    /** Replaces every variable of the named layer; count and shapes have been checked by the facade. */
    void setWeights(String layer, List<Tensor> weights);

    /** Optimizer steps taken so far (Keras's {@code optimizer.iterations}). */
    long iterations();

    /**
     * The optimizer's state for the named layer's trainable variables, for saving: for each kind of
     * state the update rule keeps ({@link io.jkeras.backend.updates.UpdateRule#slotNames()}, in that
     * order: {@code momentum}, {@code velocity}...), one tensor per trainable variable of the layer,
     * in the layer's order and Keras's shapes; copies. Empty for a layer without trainable
     * variables or an optimizer without state (plain SGD).
     *
     * @throws io.jkeras.KerasException for a model compiled for inference only, or an unknown layer
     */
    Map<String, List<Tensor>> getOptimizerSlots(String layer);

    /**
     * Replaces the optimizer's state for the named layer's trainable variables, as
     * {@link #getOptimizerSlots} gives it; the facade has checked the slot names, counts and shapes.
     *
     * @throws io.jkeras.KerasException for a model compiled for inference only, or an unknown layer
     */
    void setOptimizerSlots(String layer, Map<String, List<Tensor>> slots);

    /**
     * Sets the step counter (Keras's {@code optimizer.iterations}), e.g. when training resumes from
     * a file: the next step is {@code iterations + 1} (Adam's bias correction and the dropout masks
     * follow it).
     */
    void setIterations(long iterations);

    /** Frees what the backend holds (device memory, workspaces). */
    @Override
    void close();
}
