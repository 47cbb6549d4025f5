package io.jkeras.data;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loads MNIST-layout data sets (MNIST, Fashion-MNIST, KMNIST...) from their four IDX files, as
 * {@code keras.datasets.mnist.load_data()} returns them: images {@code (n, 28, 28)} with raw
 * pixel values 0 to 255 and labels {@code (n,)}.
 *
 * <pre>{@code
 * TrainTestSplit d = Mnist.load(Path.of("/data/mnist"));
 * Tensor xTrain = Idx.scaleToUnitRange(d.xTrain()).reshape(-1, 784);
 * }</pre>
 */
public final class Mnist {
    /** The training images file, without {@code .gz}. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** The training labels file, without {@code .gz}. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** The test images file, without {@code .gz}. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** The test labels file, without {@code .gz}. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four file names, in the order above. */
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private Mnist() {
    }

    /**
     * Opens one of the four files by its name without {@code .gz}, for data that is not in a
     * directory (e.g. a class-path resource).
     */
    @FunctionalInterface
    public interface FileOpener {
        /**
         * The file's contents, raw or gzip-compressed, or {@code null} if there is no such file.
         *
         * @param name one of {@link #FILE_NAMES}
         */
        InputStream open(String name) throws IOException;
    }

    /**
     * Loads the four files from {@code dir}; each may be raw or gzip-compressed, named with or
     * without {@code .gz}.
     *
     * @throws KerasException if the directory or a file is missing (naming the expected files), or a file is malformed
     * @throws NullPointerException if {@code dir} is {@code null}
     */
    public static TrainTestSplit load(Path dir) {
        return load(dir, "MNIST");
    }

    /**
     * Loads the four files through {@code opener}.
     *
     * @param where names the source in error messages, e.g. {@code "class path /fashion-mnist/"}
     * @throws KerasException if a file is missing or malformed
     * @throws NullPointerException if {@code opener} or {@code where} is {@code null}
     */
    public static TrainTestSplit load(FileOpener opener, String where) {
        return load(opener, where, "MNIST");
    }

    static TrainTestSplit load(Path dir, String dataset) {
        Objects.requireNonNull(dir, "dir must not be null");
        if (!Files.isDirectory(dir)) {
            throw new KerasException("Cannot load " + dataset + ": " + dir + " is not a directory. "
                    + expectedFiles(dataset));
        }
        List<String> missing = new ArrayList<>();
        for (String name : FILE_NAMES) {
            if (find(dir, name) == null) {
                missing.add(name + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new KerasException("Cannot load " + dataset + " from " + dir + ": missing "
                    + String.join(", ", missing) + ". " + expectedFiles(dataset));
        }
        return load(name -> Files.newInputStream(find(dir, name)), dir.toString(), dataset);
    }

    static TrainTestSplit load(FileOpener opener, String where, String dataset) {
        Objects.requireNonNull(opener, "opener must not be null");
        Objects.requireNonNull(where, "where must not be null");
        Tensor[] parts = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            String name = FILE_NAMES.get(i);
            String source = where + (where.endsWith("/") ? "" : "/") + name;
            InputStream in;
            try {
                in = opener.open(name);
            } catch (IOException | UncheckedIOException e) {
                throw new KerasException("Cannot open " + source + ": " + e.getMessage(), e);
            }
            if (in == null) {
                throw new KerasException("Cannot load " + dataset + " from " + where + ": missing " + name
                        + "[.gz]. " + expectedFiles(dataset));
            }
            parts[i] = i % 2 == 0 ? Idx.readImages(in, source) : Idx.readLabels(in, source);
        }
        checkCounts(parts[0], parts[1], where, "train");
        checkCounts(parts[2], parts[3], where, "t10k");
        return new TrainTestSplit(parts[0], parts[1], parts[2], parts[3]);
    }

    private static void checkCounts(Tensor images, Tensor labels, String where, String prefix) {
        if (images.dim(0) != labels.dim(0)) {
            throw new KerasException("In " + where + ", " + prefix + "-images has " + images.dim(0) + " images but "
                    + prefix + "-labels has " + labels.dim(0) + " labels; they must match.");
        }
    }

    /** The file with this name, raw or {@code .gz}, or {@code null}. */
    private static Path find(Path dir, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static String expectedFiles(String dataset) {
        return dataset + " needs the four files " + String.join(", ", FILE_NAMES)
                + " (each raw or gzip-compressed with the .gz suffix) in one directory.";
    }
}
