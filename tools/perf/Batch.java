import java.util.Random;

/** One batch of MNIST-shaped random data for the probes: pixels in [0, 1), class indices, and the same classes one-hot. */
record Batch(int n, float[] x, float[] y, float[] oneHot) {
    /** {@code n} images of 784 pixels and 10 classes, drawn with seed 3. */
    static Batch mnistLike(int n) {
        Random r = new Random(3);
        float[] x = new float[n * 784]; float[] y = new float[n]; float[] oh = new float[n * 10];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        for (int i = 0; i < n; i++) { y[i] = r.nextInt(10); oh[i * 10 + (int) y[i]] = 1; }
        return new Batch(n, x, y, oh);
    }
}
