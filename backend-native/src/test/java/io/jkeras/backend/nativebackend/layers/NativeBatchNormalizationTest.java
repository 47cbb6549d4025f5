package io.jkeras.backend.nativebackend.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jkeras.Tensor;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.nativebackend.NativeBackendProvider;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Input;
import io.jkeras.layers.KerasTensor;
import io.jkeras.models.CompileOptions;
import io.jkeras.models.Model;
import io.jkeras.optimizers.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BatchNormalization cases of the native backend beyond the shared conformance suite. */
class NativeBatchNormalizationTest {

    @Test
    void sharedLayerAssignsItsMovingStatisticsAtEachNodeInTurnAsKeras() {
        Input in = new Input(2);
        BatchNormalization bn = new BatchNormalization().momentum(0.5).name("bn");
        KerasTensor out = bn.apply(bn.apply(in));
        Model model = new Model(in, out);
        model.compile(new CompileOptions(new SGD(0f)).loss("mse")
                .backend(new NativeBackendProvider().create(BackendConfig.defaults())));
        // Columns: mean 2 and 0, biased variance 2/3 and 8/3.
        Tensor x = Tensor.of(new float[] {1, 2, 2, -2, 3, 0}, 3, 2);
        model.trainOnBatch(x, Tensor.of(new float[6], 3, 2));
        List<Tensor> w = bn.getWeights();
        // The first node sees x; the second its normalized output: mean 0, variance v / (v + epsilon).
        float[] v = {2f / 3, 8f / 3};
        float[] mean1 = {0.5f * 0f + 0.5f * 2f, 0f};
        float[] var1 = {0.5f * 1f + 0.5f * v[0], 0.5f * 1f + 0.5f * v[1]};
        float[] mean2 = {0.5f * mean1[0], 0.5f * mean1[1]};
        float[] var2 = {0.5f * var1[0] + 0.5f * v[0] / (v[0] + 1e-3f), 0.5f * var1[1] + 0.5f * v[1] / (v[1] + 1e-3f)};
        assertArrayEquals(mean2, w.get(2).data(), 1e-6f, "moving_mean after two nodes");
        assertArrayEquals(var2, w.get(3).data(), 1e-5f, "moving_variance after two nodes");
    }
}
