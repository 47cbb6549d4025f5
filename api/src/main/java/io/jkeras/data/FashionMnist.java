package io.jkeras.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST: 70,000 grey 28×28 pictures of clothes in 10 classes, in MNIST's file
 * layout, as {@code keras.datasets.fashion_mnist.load_data()} returns them.
 *
 * <p>On Debian and Ubuntu, {@code apt-get install dataset-fashion-mnist} puts the four files in
 * {@link #DEBIAN_DIR}.
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /**
     * Loads the four IDX files from {@code dir} (see {@link Mnist#load(Path)}).
     *
     * @throws io.jkeras.KerasException if a file is missing or malformed, naming the expected files
     */
    public static TrainTestSplit load(Path dir) {
        return Mnist.load(dir, "Fashion-MNIST");
    }

    /**
     * Loads the four IDX files through {@code opener} (see {@link Mnist#load(Mnist.FileOpener, String)}).
     *
     * @throws io.jkeras.KerasException if a file is missing or malformed
     */
    public static TrainTestSplit load(Mnist.FileOpener opener, String where) {
        return Mnist.load(opener, where, "Fashion-MNIST");
    }
}
