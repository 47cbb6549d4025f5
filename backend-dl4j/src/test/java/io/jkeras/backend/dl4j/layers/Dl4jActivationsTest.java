package io.jkeras.backend.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.activations.Activation;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The activation functions written for the dl4j backend where DL4J's own differ from Keras 3,
 * at the points where they differ: GELU's exact values, hard sigmoid's Keras 3 slope, leaky
 * ReLU's slope and its derivative at 0, softplus for large inputs. Reference values are
 * Keras 3's formulas in double precision; tolerance 1e-6 absolute (float32).
 */
class Dl4jActivationsTest {
    private static final float[] X = {-40f, -3f, -1f, 0f, 0.5f, 1f, 3f, 100f};

    private static float[] forward(Activation a) {
        IActivation f = Dl4jActivations.of(a);
        return Nd4jTensors.toFloats(f.getActivation(Nd4j.createFromArray(X.clone()), false));
    }

    private static float[] derivative(Activation a) {
        IActivation f = Dl4jActivations.of(a);
        INDArray ones = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, X.length);
        return Nd4jTensors.toFloats(f.backprop(Nd4j.createFromArray(X.clone()), ones).getFirst());
    }

    private static void assertValues(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 + 1e-6 * Math.abs(expected[i]), what + " at x=" + X[i]);
        }
    }

    @Test
    void geluIsTheExactErfForm() {
        // 0.5 x (1 + erf(x / sqrt 2)) and Phi(x) + x phi(x), computed with Python's math.erf.
        assertValues(new double[] {-0.0, -0.004049694, -0.158655254, 0, 0.345731231, 0.841344746, 2.995950306, 100},
                forward(Activation.GELU), "gelu");
        assertValues(new double[] {0, -0.011945647, -0.083315471, 0.5, 0.867495125, 1.083315471, 1.011945647, 1},
                derivative(Activation.GELU), "gelu'");
    }

    @Test
    void hardSigmoidIsRelu6OfXPlusThreeOverSix() {
        assertValues(new double[] {0, 0, 2.0 / 6, 0.5, 3.5 / 6, 4.0 / 6, 1, 1}, forward(Activation.HARD_SIGMOID), "hard_sigmoid");
        assertValues(new double[] {0, 0, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 0, 0}, derivative(Activation.HARD_SIGMOID),
                "hard_sigmoid'");
    }

    @Test
    void leakyReluHasSlopePointTwoAndThatSlopeAtZero() {
        assertValues(new double[] {-8, -0.6, -0.2, 0, 0.5, 1, 3, 100}, forward(Activation.LEAKY_RELU), "leaky_relu");
        assertValues(new double[] {0.2, 0.2, 0.2, 0.2, 1, 1, 1, 1}, derivative(Activation.LEAKY_RELU), "leaky_relu'");
    }

    @Test
    void softplusStaysFiniteForLargeInputs() {
        double[] expected = new double[X.length];
        double[] slope = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = Math.max(X[i], 0) + Math.log1p(Math.exp(-Math.abs(X[i])));
            slope[i] = 1 / (1 + Math.exp(-X[i]));
        }
        assertValues(expected, forward(Activation.SOFTPLUS), "softplus");
        assertValues(slope, derivative(Activation.SOFTPLUS), "softplus'");
    }

    @Test
    void seluAndEluUseKerasConstants() {
        double[] selu = new double[X.length];
        double[] elu = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            double x = X[i];
            elu[i] = x > 0 ? x : Math.expm1(x);
            selu[i] = Activation.SELU_SCALE * (x > 0 ? x : Activation.SELU_ALPHA * Math.expm1(x));
        }
        assertValues(selu, forward(Activation.SELU), "selu");
        assertValues(elu, forward(Activation.ELU), "elu");
    }
}
