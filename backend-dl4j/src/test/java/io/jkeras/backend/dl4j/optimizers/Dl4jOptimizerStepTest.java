package io.jkeras.backend.dl4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused update over ND4J's flat vectors: the values come back into the parameter array, and
 * dividing the summed gradient inside the update equals dividing it beforehand, bit for bit.
 */
class Dl4jOptimizerStepTest {

    @Test
    void adamFirstStepMatchesKerasFormula() {
        // m = 0.1 g = 0.05, v = 0.001 g^2 = 2.5e-4, alpha = lr sqrt(0.001) / 0.1;
        // w -= alpha m / (sqrt(v) + 1e-7) = 0.1 * 0.0158114 / (0.0158114 + 1e-7).
        INDArray w = Nd4j.createFromArray(1f, -2f);
        INDArray g = Nd4j.createFromArray(0.5f, -0.5f);
        Dl4jOptimizer.of(new Adam(0.1f), 2).step(w, g, 1f, 1);
        double delta = 0.1 * Math.sqrt(2.5e-4) / (Math.sqrt(2.5e-4) + 1e-7);
        assertEquals(1 - delta, w.getFloat(0), 1e-6);
        assertEquals(-2 + delta, w.getFloat(1), 1e-6);
    }

    @Test
    void sgdStepsAgainstTheMeanGradient() {
        // g / 4 = (1, -2), w -= 0.5 g.
        INDArray w = Nd4j.createFromArray(3f, 3f);
        Dl4jOptimizer.of(new SGD(0.5f), 2).step(w, Nd4j.createFromArray(4f, -8f), 4f, 1);
        assertArrayEquals(new float[] {2.5f, 4f}, w.toFloatVector());
    }

    @Test
    void dividingInsideTheUpdateEqualsDividingBeforehand() {
        Optimizer[] specs = {new Adam(1e-3f, 0.9f, 0.999f, 1e-7f, true), new SGD(0.01f, 0.9f, true),
            new RMSprop(0.001f, 0.9f, 0.5f, 1e-7f, true)};
        for (Optimizer spec : specs) {
            INDArray inside = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1000).subi(0.5f);
            INDArray before = inside.dup();
            Dl4jOptimizer a = Dl4jOptimizer.of(spec, 1000);
            Dl4jOptimizer b = Dl4jOptimizer.of(spec.copy(), 1000);
            for (long step = 1; step <= 3; step++) {
                INDArray g = Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1000).muli(37f);
                a.step(inside, g, 37f, step);
                b.step(before, g.div(37f), 1f, step);
            }
            assertArrayEquals(before.toFloatVector(), inside.toFloatVector(), spec.name());
        }
    }
}
