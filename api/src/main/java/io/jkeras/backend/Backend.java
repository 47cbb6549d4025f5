package io.jkeras.backend;

import io.jkeras.Tensor;
import java.util.List;
import java.util.Map;

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
     * @param model the graph, with shapes resolved
     * @param training the losses and the optimizer (whose learning rate may change between steps),
     *     or {@code null} for a model that only predicts
     * @param initialWeights by layer name, every variable of each layer with variables, in Keras's
     *     order and shapes (Dense: kernel {@code (in, units)}, then bias {@code (units,)})
     */
    TrainableModel build(ModelSpec model, TrainingSpec training, Map<String, List<Tensor>> initialWeights);

    /** The backend's tensor functions. */
    BackendOps ops();
}
