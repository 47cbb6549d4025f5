package io.jkeras.backend;

import io.jkeras.Tensor;
import java.util.List;

/**
 * One compiled model on one backend. The facade has already checked every shape and value:
 * {@code x} is {@code (batch, inputSize)}; {@code y} is {@code (batch, outputSize)}, or
 * {@code (batch, 1)} of class indices for sparse categorical crossentropy. Tensors passed in
 * may be buffers the facade reuses; a backend must not keep them after the call.
 */
public interface TrainableModel extends AutoCloseable {

    /** One optimizer step on this batch; the loss is the one before the step. */
    StepResult trainOnBatch(Tensor x, Tensor y, boolean returnPredictions);

    /** The loss on this batch, without updating anything. */
    StepResult testOnBatch(Tensor x, Tensor y, boolean returnPredictions);

    /** The model's outputs for this batch, {@code (batch, outputSize)}; a new tensor. */
    Tensor predictOnBatch(Tensor x);

    /** The weights of layer {@code layer} of the spec, in Keras order and shapes; copies. */
    List<Tensor> getWeights(int layer);

    /** Replaces the weights of layer {@code layer}; shapes have been checked by the facade. */
    void setWeights(int layer, List<Tensor> weights);

    /** Optimizer steps taken so far (Keras's {@code optimizer.iterations}). */
    long iterations();

    /** Frees what the backend holds (device memory, workspaces). */
    @Override
    void close();
}
