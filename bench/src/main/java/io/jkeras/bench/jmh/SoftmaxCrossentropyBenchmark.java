package io.jkeras.bench.jmh;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backends;
import io.jkeras.layers.Activation;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Softmax with sparse categorical crossentropy on a batch of 128 × 10 classes, through the
 * facade: {@code lossOnly} is {@code testOnBatch} of a bare softmax {@code Activation} model (softmax
 * and loss forward); {@code outputLayerStep} is {@code trainOnBatch} of the MLP's output layer
 * ({@code Dense(10, softmax)} on 256 inputs: forward, loss, gradients, update).
 */
public class SoftmaxCrossentropyBenchmark extends JmhDefaults {

    /** The backend the models are compiled on. */
    @Param({"native"})
    public String backend;

    private Sequential softmax;
    private Sequential outputLayer;
    private Tensor logits;
    private Tensor features;
    private Tensor labels;

    /** Builds both models and a random batch. */
    @Setup
    public void setUp() {
        Keras.setRandomSeed(1);
        softmax = new Sequential();
        softmax.add(new Input(10));
        softmax.add(new Activation("softmax"));
        softmax.compile(new SGD(0.01f), new SparseCategoricalCrossentropy(), List.of(), Backends.create(backend));
        outputLayer = new Sequential();
        outputLayer.add(new Input(256));
        outputLayer.add(new Dense(10, "softmax"));
        outputLayer.compile(new SGD(0.01f), new SparseCategoricalCrossentropy(), List.of(),
                Backends.create(backend));
        Random random = new Random(2);
        logits = Tensor.of(DenseBenchmark.random(random, 128 * 10), 128, 10);
        features = Tensor.of(DenseBenchmark.random(random, 128 * 256), 128, 256);
        float[] classes = new float[128];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = random.nextInt(10);
        }
        labels = Tensor.of(classes, 128);
    }

    /** Softmax and crossentropy, forward only. */
    @Benchmark
    public float lossOnly() {
        return softmax.testOnBatch(logits, labels);
    }

    /** The output layer's whole training step. */
    @Benchmark
    public float outputLayerStep() {
        return outputLayer.trainOnBatch(features, labels);
    }
}
