package io.jkeras.backend;

import io.jkeras.Tensor;
import java.util.List;

/**
 * A compute backend: compiles a whole model description into a trainable program, and offers
 * {@code keras.ops}-style tensor functions. Everything that is not arithmetic (batching,
 * shuffling, the epoch loop, metrics, progress, shape checks) is the facade's.
 */
public interface Backend {

    /** The backend's name, e.g. {@code "native"} or {@code "dl4j"}. */
    String name();

    /** What it actually runs on: {@code "cpu"}, {@code "cuda:0"}... */
    String device();

    /** Whether the backend has this capability. */
    boolean supports(Capability capability);

    /**
     * Compiles a model.
     *
     * @param model the layers, with shapes resolved
     * @param training the loss and the optimizer (whose learning rate may change between steps)
     * @param initialWeights for each layer of {@code model}, its weights in Keras order and shapes
     *     (Dense: kernel {@code (in, units)}, then bias {@code (units,)}); an empty list for layers without weights
     */
    TrainableModel build(ModelSpec model, TrainingSpec training, List<List<Tensor>> initialWeights);

    /** The backend's tensor functions. */
    BackendOps ops();
}
