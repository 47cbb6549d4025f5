package io.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.KerasException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir
    Path dir;

    private void writeSet(int nTrain, int nTest) {
        IdxFiles.write(dir, "train-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(nTrain, 28, 28)));
        IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labels(nTrain));
        IdxFiles.write(dir, "t10k-images-idx3-ubyte", IdxFiles.images(nTest, 28, 28));
        IdxFiles.write(dir, "t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(nTest)));
    }

    @Test
    void loadFindsRawAndGzipFilesInTheDirectory() {
        writeSet(5, 3);
        TrainTestSplit d = Mnist.load(dir);
        assertArrayEquals(new int[] {5, 28, 28}, d.xTrain().shape());
        assertArrayEquals(new int[] {5}, d.yTrain().shape());
        assertArrayEquals(new int[] {3, 28, 28}, d.xTest().shape());
        assertArrayEquals(new float[] {0, 1, 2}, d.yTest().data());
        assertEquals((784 * 7 + 7) % 256, d.xTrain().get(1, 0, 1));
    }

    @Test
    void missingFilesAreListedWithTheExpectedNames() {
        IdxFiles.write(dir, "train-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(2, 28, 28)));
        IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labels(2));
        KerasException e = assertThrows(KerasException.class, () -> FashionMnist.load(dir));
        String m = e.getMessage();
        assertTrue(m.startsWith("Cannot load Fashion-MNIST from " + dir + ": missing t10k-images-idx3-ubyte[.gz], "
                + "t10k-labels-idx1-ubyte[.gz]."), m);
        assertTrue(m.contains("train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte"), m);
    }

    @Test
    void missingDirectoryIsNamed() {
        Path nowhere = dir.resolve("absent");
        KerasException e = assertThrows(KerasException.class, () -> Mnist.load(nowhere));
        assertTrue(e.getMessage().contains(nowhere + " is not a directory"), e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustMatch() throws Exception {
        writeSet(5, 3);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(4));
        KerasException e = assertThrows(KerasException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("train-images has 5 images but train-labels has 4 labels"), e.getMessage());
    }

    @Test
    void malformedFileInTheSetIsNamed() throws Exception {
        writeSet(2, 2);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.labels(2));
        KerasException e = assertThrows(KerasException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains(dir.resolve("t10k-images-idx3-ubyte") + " is not an image file"), e.getMessage());
    }

    @Test
    void loadThroughAnOpenerReadsResourcesLikeFiles() {
        Map<String, byte[]> files = Map.of(
                "train-images-idx3-ubyte", IdxFiles.gzip(IdxFiles.images(4, 2, 2)),
                "train-labels-idx1-ubyte", IdxFiles.labels(4),
                "t10k-images-idx3-ubyte", IdxFiles.images(1, 2, 2),
                "t10k-labels-idx1-ubyte", IdxFiles.labels(1));
        TrainTestSplit d = FashionMnist.load(name -> new ByteArrayInputStream(files.get(name)), "memory");
        assertArrayEquals(new int[] {4, 2, 2}, d.xTrain().shape());
        TrainTestSplit head = d.head(2, 5);
        assertArrayEquals(new int[] {2, 2, 2}, head.xTrain().shape());
        assertArrayEquals(new float[] {0, 1}, head.yTrain().data());
        assertEquals(1, head.xTest().dim(0));
    }

    @Test
    void openerWithoutAFileNamesIt() {
        KerasException e = assertThrows(KerasException.class, () -> Mnist.load(name -> null, "jar:/data/"));
        assertTrue(e.getMessage().startsWith("Cannot load MNIST from jar:/data/: missing train-images-idx3-ubyte[.gz]."),
                e.getMessage());
    }

    @Test
    void debianFashionMnistHasTheKnownShapesAndBalancedClasses() {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR),
                "Debian's Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); skipping the real-data check");
        TrainTestSplit d = FashionMnist.load(FashionMnist.DEBIAN_DIR);
        assertArrayEquals(new int[] {60000, 28, 28}, d.xTrain().shape());
        assertArrayEquals(new int[] {10000, 28, 28}, d.xTest().shape());
        int[] counts = new int[10];
        for (float v : d.yTrain().data()) {
            counts[(int) v]++;
        }
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, counts);
        float max = 0;
        for (float v : d.xTest().data()) {
            max = Math.max(max, v);
        }
        assertEquals(255f, max);
        // The first training image of Fashion-MNIST is an ankle boot (label 9).
        assertEquals(9f, d.yTrain().get(0));
    }
}
