package io.jkeras.bench.jmh;

import io.jkeras.Keras;
import io.jkeras.Tensor;
import io.jkeras.backend.Backends;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One ReLU {@code Dense} layer on a batch of 128, through the facade on a chosen backend:
 * {@code forward} is {@code predictOnBatch}; {@code trainStep} is {@code trainOnBatch} (forward, mean
 * squared error, backward and an SGD update), so {@code trainStep − forward} is the backward pass.
 */
public class DenseBenchmark extends JmhDefaults {

    /** {@code inputs→units}: the MLP's first two layers. */
    @Param({"784to512", "512to256"})
    public String layer;

    /** The backend the model is compiled on. */
    @Param({"native"})
    public String backend;

    private Sequential model;
    private Tensor x;
    private Tensor y;

    /** Builds and compiles the one-layer model and a random batch. */
    @Setup
    public void setUp() {
        String[] sizes = layer.split("to");
        int inputs = Integer.parseInt(sizes[0]);
        int units = Integer.parseInt(sizes[1]);
        Keras.setRandomSeed(1);
        model = new Sequential();
        model.add(new Input(inputs));
        model.add(new Dense(units, "relu"));
        model.compile(new SGD(0.01f), new MeanSquaredError(), List.of(), Backends.create(backend));
        Random random = new Random(2);
        x = Tensor.of(random(random, 128 * inputs), 128, inputs);
        y = Tensor.of(random(random, 128 * units), 128, units);
    }

    /** The layer's forward pass. */
    @Benchmark
    public Tensor forward() {
        return model.predictOnBatch(x);
    }

    /** Forward, loss, backward and update. */
    @Benchmark
    public float trainStep() {
        return model.trainOnBatch(x, y);
    }

    static float[] random(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }
}
