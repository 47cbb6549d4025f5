package io.jkeras.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.layers.Dense;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Activations: values and derivatives of every Keras activation at fixed points against the
 * numbers Keras 3.15 computes (torch backend, float32, {@code gelu(approximate=False)}), and
 * softmax's stability and Jacobian-vector product.
 *
 * <p>The derivative is read through a {@code Dense} layer whose pre-activations are the points
 * (kernel 0, bias = points, input 0) trained one step with mean absolute error against a target
 * far below every output, so that {@code d loss / d output = 1/6} and learning rate 6 turns the
 * bias update into exactly {@code -f'(points)}. Tolerances: {@code rtol = 1e-5}, {@code atol = 1e-6}
 * for values; {@code atol = 1e-5} for derivatives (read as a difference of float32 biases).
 */
public abstract class ActivationConformance extends ConformanceBase {
    /** The points, away from every kink. */
    private static final double[] POINTS = {-3.5, -1.0, -0.25, 0.3, 1.0, 2.5};
    private static final Map<Activation, double[]> VALUES = new EnumMap<>(Activation.class);
    private static final Map<Activation, double[]> DERIVATIVES = new EnumMap<>(Activation.class);

    static {
        // keras.activations.<name>(x) and the gradient of its sum, Keras 3.15.1, torch backend, float32.
        VALUES.put(Activation.LINEAR, new double[] {-3.5, -1, -0.25, 0.300000012, 1, 2.5});
        DERIVATIVES.put(Activation.LINEAR, new double[] {1, 1, 1, 1, 1, 1});
        VALUES.put(Activation.RELU, new double[] {0, 0, 0, 0.300000012, 1, 2.5});
        DERIVATIVES.put(Activation.RELU, new double[] {0, 0, 0, 1, 1, 1});
        VALUES.put(Activation.SIGMOID, new double[] {0.0293122306, 0.268941432, 0.437823504, 0.574442506, 0.731058598,
            0.924141824});
        DERIVATIVES.put(Activation.SIGMOID, new double[] {0.0284530222, 0.196611941, 0.246134073, 0.244458318,
            0.196611926, 0.0701037124});
        VALUES.put(Activation.TANH, new double[] {-0.998177886, -0.761594176, -0.244918659, 0.291312635, 0.761594176,
            0.986614287});
        DERIVATIVES.put(Activation.TANH, new double[] {0.00364090782, 0.419974297, 0.940014839, 0.915136933,
            0.419974297, 0.0265922491});
        VALUES.put(Activation.SOFTPLUS, new double[] {0.0297504179, 0.313261688, 0.575939417, 0.854355276, 1.31326163,
            2.57888985});
        DERIVATIVES.put(Activation.SOFTPLUS, new double[] {0.0293122306, 0.268941432, 0.437823504, 0.574442565,
            0.731058598, 0.924141824});
        VALUES.put(Activation.ELU, new double[] {-0.969802618, -0.63212055, -0.221199214, 0.300000012, 1, 2.5});
        DERIVATIVES.put(Activation.ELU, new double[] {0.0301973838, 0.36787945, 0.778800786, 1, 1, 1});
        VALUES.put(Activation.SELU, new double[] {-1.70500934, -1.11133075, -0.388890177, 0.315210313, 1.05070102,
            2.62675261});
        DERIVATIVES.put(Activation.SELU, new double[] {0.0530899987, 0.64676863, 1.36920917, 1.05070102, 1.05070102,
            1.05070102});
        VALUES.put(Activation.LEAKY_RELU, new double[] {-0.699999988, -0.200000003, -0.0500000007, 0.300000012, 1,
            2.5});
        DERIVATIVES.put(Activation.LEAKY_RELU, new double[] {0.200000003, 0.200000003, 0.200000003, 1, 1, 1});
        VALUES.put(Activation.GELU, new double[] {-0.000814333558, -0.158655256, -0.100323416, 0.18537344, 0.841344714,
            2.48447585});
        DERIVATIVES.put(Activation.GELU, new double[] {-0.00282171369, -0.0833154321, 0.304626703, 0.732327759,
            1.08331537, 1.03761101});
        VALUES.put(Activation.SWISH, new double[] {-0.102592811, -0.268941432, -0.109455876, 0.172332764, 0.731058598,
            2.31035447});
        DERIVATIVES.put(Activation.SWISH, new double[] {-0.0702733472, 0.0723294839, 0.376289994, 0.647780061,
            0.927670538, 1.09940112});
        VALUES.put(Activation.HARD_SIGMOID, new double[] {0, 0.333333343, 0.458333343, 0.550000012, 0.666666687,
            0.916666687});
        DERIVATIVES.put(Activation.HARD_SIGMOID, new double[] {0, 0.166666672, 0.166666672, 0.166666672, 0.166666672,
            0.166666672});
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, mode = EnumSource.Mode.EXCLUDE, names = "SOFTMAX")
    void activationValuesMatchKeras(Activation f) {
        Sequential model = compile(withInput(new int[] {POINTS.length}, new io.jkeras.layers.Activation(f)),
                new SGD(), new MeanSquaredError());
        Tensor out = model.predict(Tensor.of(Reference.toFloat(POINTS), 1, POINTS.length), 32, 0);
        assertTensor(new int[] {1, POINTS.length}, VALUES.get(f), out, 1e-5, 1e-6, f + " values");
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, mode = EnumSource.Mode.EXCLUDE, names = "SOFTMAX")
    void activationDerivativesMatchKeras(Activation f) {
        int n = POINTS.length;
        Sequential model = compile(new Sequential(new Dense(n, f).inputDim(1)), new SGD(n), new MeanAbsoluteError());
        model.setWeights(List.of(Tensor.zeros(1, n), vector(POINTS)));
        model.trainOnBatch(Tensor.zeros(1, 1), Tensor.full(-100f, 1, n));
        float[] bias = model.getWeights().get(1).data();
        double[] derivative = new double[n];
        for (int i = 0; i < n; i++) {
            derivative[i] = (float) POINTS[i] - bias[i];
        }
        assertAllClose(DERIVATIVES.get(f), Reference.toFloat(derivative), 1e-5, 1e-5, f + " derivative");
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, mode = EnumSource.Mode.EXCLUDE, names = "SOFTMAX")
    void referenceFormulasAgreeWithKerasNumbers(Activation f) {
        // Ties the double-precision reference used by the other conformance classes to Keras. The
        // atol covers Keras's float32 gelu(-3.5), which loses digits in 1 + erf(-2.47) = 4.7e-4.
        for (int i = 0; i < POINTS.length; i++) {
            assertClose(VALUES.get(f)[i], Reference.activation(f, POINTS[i]), 1e-6, 3e-7, f + " reference value");
            assertClose(DERIVATIVES.get(f)[i], Reference.derivative(f, POINTS[i]), 1e-6, 3e-7, f + " reference derivative");
        }
    }

    @Test
    void softmaxMatchesKerasAndIsStableForLargeInputs() {
        Sequential model = compile(withInput(new int[] {3}, new io.jkeras.layers.Activation("softmax")), new SGD(),
                new MeanSquaredError());
        Tensor out = model.predict(matrix(new double[][] {{1, 2, 3}, {1000, 1001, 1002}, {-5, 0, 5}}), 32, 0);
        // keras.activations.softmax, Keras 3.15.1: shifting a row by 999 changes nothing.
        assertTensor(new int[] {3, 3}, new double[] {0.0900305733, 0.244728476, 0.665240943, 0.0900305733, 0.244728476,
            0.665240943, 4.50940424e-05, 0.00669254921, 0.993262351}, out, 1e-5, 1e-7, "softmax");
    }

    @Test
    void softmaxBackwardIsTheJacobianVectorProduct() {
        double[] z = {0.5, -1.0, 2.0};
        double[] y = {0.2, 0.3, 0.5};
        Sequential model = compile(new Sequential(new Dense(3, "softmax").inputDim(1)), new SGD(1f), new MeanSquaredError());
        model.setWeights(List.of(Tensor.zeros(1, 3), vector(z)));
        float[] grad = gradientFromSgdStep(model, Tensor.zeros(1, 1), Tensor.of(Reference.toFloat(y), 1, 3), 1f);
        double[] s = Reference.softmaxRows(z, 1, 3);
        double[] g = new double[3];
        double dot = 0;
        for (int j = 0; j < 3; j++) {
            g[j] = 2 * (s[j] - y[j]) / 3;
            dot += g[j] * s[j];
        }
        double[] expected = new double[3];
        for (int j = 0; j < 3; j++) {
            expected[j] = s[j] * (g[j] - dot);
        }
        float[] biasGrad = java.util.Arrays.copyOfRange(grad, 3, 6);
        assertAllClose(expected, biasGrad, 1e-4, 1e-6, "softmax vector-Jacobian product");
    }

    @Test
    void extremeInputsGiveFiniteLimits() {
        double[] x = {-100, -30, 30, 100};
        Map<Activation, double[]> limits = new EnumMap<>(Activation.class);
        limits.put(Activation.SIGMOID, new double[] {0, 9.357623e-14, 1, 1});
        limits.put(Activation.TANH, new double[] {-1, -1, 1, 1});
        limits.put(Activation.SOFTPLUS, new double[] {0, 9.357623e-14, 30, 100});
        limits.put(Activation.ELU, new double[] {-1, -1, 30, 100});
        limits.put(Activation.SELU, new double[] {-Activation.SELU_SCALE * Activation.SELU_ALPHA,
            -Activation.SELU_SCALE * Activation.SELU_ALPHA, 30 * Activation.SELU_SCALE, 100 * Activation.SELU_SCALE});
        limits.put(Activation.GELU, new double[] {0, 0, 30, 100});
        limits.put(Activation.SWISH, new double[] {0, -30 * 9.357623e-14, 30, 100});
        limits.put(Activation.HARD_SIGMOID, new double[] {0, 0, 1, 1});
        for (Map.Entry<Activation, double[]> e : limits.entrySet()) {
            Sequential model = compile(withInput(new int[] {4}, new io.jkeras.layers.Activation(e.getKey())),
                    new SGD(), new MeanSquaredError());
            float[] out = model.predict(Tensor.of(Reference.toFloat(x), 1, 4), 32, 0).data();
            for (float v : out) {
                assertTrue(Float.isFinite(v), e.getKey() + " gave " + v);
            }
            assertAllClose(e.getValue(), out, 1e-6, 1e-12, e.getKey() + " at large |x|");
        }
    }

    @Test
    void siluIsSwish() {
        assertEquals(Activation.SWISH, Activation.get("silu"));
        Sequential model = compile(withInput(new int[] {2}, new io.jkeras.layers.Activation("silu")), new SGD(),
                new MeanSquaredError());
        Tensor out = model.predict(matrix(new double[][] {{1, -1}}), 32, 0);
        assertTensor(new int[] {1, 2}, new double[] {0.731058598, -0.268941432}, out, 1e-5, 1e-7, "silu");
    }
}
