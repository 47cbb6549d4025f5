package io.jkeras.callbacks;

import io.jkeras.KerasException;
import io.jkeras.models.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keras's {@code BackupAndRestore}: at the end of every epoch it saves the model's weights and
 * optimizer state ({@code latest.weights.h5}) and the epoch reached
 * ({@code training_metadata.json}) in {@code backupDir}; when {@code fit} starts and a backup is
 * there (the run was killed), it restores them and {@code fit} resumes at the next epoch. With the
 * same seed, model and data, the resumed run ends with the weights of an unbroken run: the step
 * counter is restored (Adam's bias correction, dropout masks), and the epochs skipped draw their
 * shuffles. When training ends normally the backup is deleted ({@code deleteCheckpoint}, true by
 * default, as in Keras).
 */
public final class BackupAndRestore implements Callback {
    private static final Pattern EPOCH = Pattern.compile("\"epoch\"\\s*:\\s*(\\d+)");
    private final Path backupDir;
    private boolean deleteCheckpoint = true;
    private Model model;

    /** Backs up to this folder, made if absent. */
    public BackupAndRestore(Path backupDir) {
        if (backupDir == null) {
            throw new KerasException("BackupAndRestore needs a backup folder (Keras's backup_dir).");
        }
        this.backupDir = backupDir;
    }

    /** Keras's {@code delete_checkpoint}: whether the backup is deleted when training ends (default true). */
    public BackupAndRestore deleteCheckpoint(boolean b) {
        this.deleteCheckpoint = b;
        return this;
    }

    private Path weights() {
        return backupDir.resolve("latest.weights.h5");
    }

    private Path metadata() {
        return backupDir.resolve("training_metadata.json");
    }

    @Override
    public void setModel(Model m) {
        this.model = m;
    }

    @Override
    public void onTrainBegin() {
        if (!model.isBuilt()) {
            throw new KerasException("To use the BackupAndRestore callback, your model must be built before you call"
                    + " `fit()`. Model '" + model.getName() + "' is unbuilt.");
        }
        if (Files.exists(weights())) {
            model.loadWeights(weights());
        }
        if (Files.exists(metadata())) {
            try {
                String json = Files.readString(metadata(), StandardCharsets.UTF_8);
                Matcher m = EPOCH.matcher(json);
                if (!m.find() || m.group(1).length() > 9) {
                    throw new KerasException("BackupAndRestore: " + metadata() + " holds no epoch. Received: " + json);
                }
                model.setInitialEpoch(Integer.parseInt(m.group(1)));
            } catch (IOException e) {
                throw new KerasException("BackupAndRestore cannot read " + metadata() + ": " + e, e);
            }
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            Files.createDirectories(backupDir);
            model.saveWeights(weights());
            Path tmp = Files.createTempFile(backupDir, ".training_metadata.", ".tmp");
            Files.writeString(tmp, "{\"epoch\": " + (epoch + 1) + ", \"batch\": 0}", StandardCharsets.UTF_8);
            Files.move(tmp, metadata(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KerasException("BackupAndRestore cannot write to " + backupDir + ": " + e, e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (deleteCheckpoint) {
            try {
                Files.deleteIfExists(weights());
                Files.deleteIfExists(metadata());
                Files.deleteIfExists(backupDir);
            } catch (IOException e) {
                throw new KerasException("BackupAndRestore cannot delete " + backupDir + ": " + e, e);
            }
        }
    }
}
