package io.jkeras.backend;

import io.jkeras.Tensor;
import java.util.List;

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

    /** The model's outputs for this batch, {@code (batch, ...outputShape)} each; new tensors. */
    List<Tensor> predictOnBatch(List<Tensor> x);

    /** Every variable of the named layer, trainable then non-trainable, in Keras's shapes; copies. */
    List<Tensor> getWeights(String layer);

    /** Replaces every variable of the named layer; count and shapes have been checked by the facade. */
    void setWeights(String layer, List<Tensor> weights);

    /** Optimizer steps taken so far (Keras's {@code optimizer.iterations}). */
    long iterations();

    /** Frees what the backend holds (device memory, workspaces). */
    @Override
    void close();
}
