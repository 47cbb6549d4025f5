package io.jkeras.backend.nativebackend.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Optimizer kernels: each variable has its own state, so two variables updated together move
 * exactly as each would alone; and Keras's constants {@code 1 - beta} are computed from the
 * decimal hyper-parameter.
 */
class NativeOptimizerTest {

    @Test
    void variablesKeepSeparateState() {
        List<Optimizer> all = List.of(new SGD(0.1f, 0.9f, true), new Adam(0.1f, 0.9f, 0.5f, 1e-7f, true),
                new AdamW(0.1f), new RMSprop(0.1f, 0.8f, 0.5f, 1e-7f, true), new Adagrad(0.1f));
        for (Optimizer spec : all) {
            float[] a = {0.5f, -1f, 2f};
            float[] b = {3f, 0.25f};
            NativeOptimizer together = NativeOptimizer.of(spec, new int[] {3, 2});
            NativeOptimizer aloneA = NativeOptimizer.of(spec.copy(), new int[] {3});
            NativeOptimizer aloneB = NativeOptimizer.of(spec.copy(), new int[] {2});
            float[] a2 = a.clone();
            float[] b2 = b.clone();
            for (int step = 1; step <= 4; step++) {
                float[] ga = {step * 0.1f, -0.3f, 1f / step};
                float[] gb = {-step, 0.7f};
                together.step(new float[][] {a, b}, new float[][] {ga, gb}, step);
                aloneA.step(new float[][] {a2}, new float[][] {ga}, step);
                aloneB.step(new float[][] {b2}, new float[][] {gb}, step);
            }
            assertArrayEquals(a2, a, spec.name() + " first variable");
            assertArrayEquals(b2, b, spec.name() + " second variable");
        }
    }
}
