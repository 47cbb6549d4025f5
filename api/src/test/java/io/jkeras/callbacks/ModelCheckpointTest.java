package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ModelCheckpoint's Keras 3 rules that need no backend: Python's path formatting and the file names it takes. */
class ModelCheckpointTest {

    @Test
    void filepathIsFormattedAsPythonsStrFormatWithEpochFromOne() {
        Map<String, Double> logs = Map.of("loss", 0.25, "val_loss", 0.123456789, "accuracy", 0.5);
        assertEquals("m-03-0.1235.keras", ModelCheckpoint.format("m-{epoch:02d}-{val_loss:.4f}.keras", 3, logs));
        assertEquals("m-3-0.25.keras", ModelCheckpoint.format("m-{epoch}-{loss}.keras", 3, logs));
        assertEquals("m-0012-1.23e-01.keras", ModelCheckpoint.format("m-{epoch:04d}-{val_loss:.2e}.keras", 12, logs));
        assertEquals("m.keras", ModelCheckpoint.format("m.keras", 1, logs));
        KerasException e = assertThrows(KerasException.class, () -> ModelCheckpoint.format("m-{mape:.2f}.keras", 1, logs));
        assertTrue(e.getMessage().contains("Failed to format this callback filepath"), e.getMessage());
    }

    @Test
    void fileNamesFollowKerasRules() {
        assertThrows(KerasException.class, () -> new ModelCheckpoint("m.h5"));
        assertThrows(KerasException.class, () -> new ModelCheckpoint("m.keras").saveWeightsOnly(true));
        new ModelCheckpoint("m.weights.h5").saveWeightsOnly(true);
        assertThrows(KerasException.class, () -> new ModelCheckpoint("m.keras").saveFreq("batch"));
        assertThrows(KerasException.class, () -> new ModelCheckpoint("m.keras").mode("best"));
    }
}
