package io.jkeras.backend.dl4j.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.dl4j.Dl4jBackendProvider;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Input;
import io.jkeras.models.CompileOptions;
import io.jkeras.models.Model;
import io.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;

/** BatchNormalization cases of the dl4j backend beyond the shared conformance suite. */
class Dl4jBatchNormalizationTest {

    @Test
    void layerCalledAtSeveralNodesIsRefusedWithAClearMessage() {
        Input in = new Input(2);
        BatchNormalization bn = new BatchNormalization().name("bn");
        Model model = new Model(in, bn.apply(bn.apply(in)));
        KerasException e = assertThrows(KerasException.class, () -> model.compile(new CompileOptions(new SGD(0.1f))
                .loss("mse").backend(new Dl4jBackendProvider().create(BackendConfig.defaults()))));
        assertTrue(e.getMessage().contains("BatchNormalization 'bn' is called at 2 nodes")
                && e.getMessage().contains("native backend"), e.getMessage());
    }
}
