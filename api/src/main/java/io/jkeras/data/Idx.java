package io.jkeras.data;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Shapes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (recognised by
 * gzip's magic bytes {@code 1f 8b}, whatever the file is called).
 *
 * <p>An IDX file is a big-endian header, two zero bytes, a type code, the number of dimensions
 * and each dimension as a 32-bit integer, then the values in row-major order. MNIST's images are
 * magic number 2051 ({@code 0x00000803}: unsigned bytes, 3 dimensions) and its labels 2049
 * ({@code 0x00000801}: unsigned bytes, 1 dimension).
 *
 * <p>Hostile files fail cleanly, with a {@link KerasException} naming the file and what it
 * declares: a shape whose product (or per-sample product) passes {@code Integer.MAX_VALUE}, or
 * whose values would not fit in the JVM's maximum heap, is refused before anything is allocated;
 * a raw file's size is checked against its header before any value is read; and every stream,
 * compressed or not, is read only as far as its header declares (plus one byte, to find extra
 * data), into memory that grows with the bytes actually present. A small gzip file that expands
 * without limit therefore stops after its declared size.
 *
 * <pre>{@code
 * Tensor images = Idx.scaleToUnitRange(Idx.readImages(dir.resolve("train-images-idx3-ubyte.gz")));
 * Tensor labels = Idx.readLabels(dir.resolve("train-labels-idx1-ubyte.gz"));
 * }</pre>
 */
public final class Idx {
    /** The magic number of an unsigned-byte image file, {@code (n, rows, cols)}. */
    public static final int IMAGES_MAGIC = 2051;
    /** The magic number of an unsigned-byte label file, {@code (n,)}. */
    public static final int LABELS_MAGIC = 2049;

    private Idx() {
    }

    /**
     * Reads an image file (magic 2051) as a float tensor {@code (n, rows, cols)} holding the raw
     * pixel values 0 to 255.
     *
     * @throws KerasException if the file cannot be read, is not an image file, or its size does not match its header
     */
    public static Tensor readImages(Path file) {
        return readExpecting(file, IMAGES_MAGIC);
    }

    /**
     * Reads a label file (magic 2049) as a float tensor {@code (n,)} of class indices.
     *
     * @throws KerasException if the file cannot be read, is not a label file, or its size does not match its header
     */
    public static Tensor readLabels(Path file) {
        return readExpecting(file, LABELS_MAGIC);
    }

    /**
     * {@link #readImages(Path)} from a stream; {@code source} names it in error messages. The
     * stream is closed, and read no further than its header declares plus one byte.
     *
     * @throws KerasException as {@link #readImages(Path)} does
     * @throws NullPointerException if {@code in} or {@code source} is {@code null}
     */
    public static Tensor readImages(InputStream in, String source) {
        return checkMagic(parseStream(in, source, -1), IMAGES_MAGIC, source);
    }

    /**
     * {@link #readLabels(Path)} from a stream; {@code source} names it in error messages. The
     * stream is closed, and read no further than its header declares plus one byte.
     *
     * @throws KerasException as {@link #readLabels(Path)} does
     * @throws NullPointerException if {@code in} or {@code source} is {@code null}
     */
    public static Tensor readLabels(InputStream in, String source) {
        return checkMagic(parseStream(in, source, -1), LABELS_MAGIC, source);
    }

    /**
     * {@link #read(Path)} from a stream; {@code source} names it in error messages. The stream is
     * closed, and read no further than its header declares plus one byte.
     *
     * @throws KerasException if the stream cannot be read or is not a well-formed IDX file
     * @throws NullPointerException if {@code in} or {@code source} is {@code null}
     */
    public static Tensor read(InputStream in, String source) {
        return parseStream(in, source, -1).tensor();
    }

    /**
     * Reads any IDX file (every IDX value type: unsigned and signed bytes, shorts, ints, floats,
     * doubles) as a float tensor with the file's dimensions.
     *
     * @throws KerasException if the file cannot be read or is not a well-formed IDX file
     */
    public static Tensor read(Path file) {
        return parseFile(file).tensor();
    }

    /**
     * Pixel values divided by 255, so that 0..255 becomes 0..1, as Keras users write
     * {@code x_train / 255.0}; a new tensor.
     */
    public static Tensor scaleToUnitRange(Tensor images) {
        float[] src = Objects.requireNonNull(images, "images must not be null").data();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i] / 255f;
        }
        return Tensor.of(out, images.shape());
    }

    // ------------------------------------------------------------------ internals

    /** Bytes read from the stream at a time; a multiple of every value size. */
    private static final int BLOCK = 1 << 16;
    /** Values allocated before any is read; the array then grows with the values present. */
    private static final int FIRST_ALLOCATION = 1 << 16;

    /** A parsed file: its magic number and its values. */
    private record Parsed(int magic, Tensor tensor) {
    }

    private static Tensor readExpecting(Path file, int magic) {
        return checkMagic(parseFile(file), magic, file.toString());
    }

    private static Parsed parseFile(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        if (!Files.isRegularFile(file)) {
            throw new KerasException("IDX file " + file + " does not exist or is not a regular file.");
        }
        InputStream in;
        long size;
        try {
            size = Files.size(file);
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new KerasException("Cannot open IDX file " + file + ": " + e.getMessage(), e);
        }
        return parseStream(in, file.toString(), size);
    }

    /**
     * Parses a raw or gzip stream. {@code size} is the stream's length when known (a file), else
     * -1; a raw file is checked against its header before any value is allocated, and any stream
     * is read only as far as its header declares, plus one byte to find extra data. So a
     * compressed file cannot expand further than its header says.
     */
    private static Parsed parseStream(InputStream raw, String source, long size) {
        Objects.requireNonNull(raw, "in must not be null");
        Objects.requireNonNull(source, "source must not be null");
        try (InputStream in = decompressIfGzip(new BufferedInputStream(raw, BLOCK))) {
            return parse(in, source, in instanceof GZIPInputStream ? -1 : size);
        } catch (ZipException | java.io.EOFException e) {
            throw new KerasException("IDX file " + source + " is gzip-compressed but the compressed data is corrupt"
                    + " or truncated (" + e.getMessage() + "). Download it again.", e);
        } catch (IOException e) {
            throw new KerasException("Cannot read IDX file " + source + ": " + e.getMessage(), e);
        }
    }

    private static InputStream decompressIfGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, BLOCK) : in;
    }

    private static Parsed parse(InputStream in, String source, long size) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new KerasException("IDX file " + source + " is " + head.length
                    + " bytes long, too short for the 4-byte magic number.");
        }
        int magic = ByteBuffer.wrap(head).getInt();
        int typeCode = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0) {
            throw new KerasException("File " + source + " is not an IDX file: an IDX file starts with two zero bytes,"
                    + String.format(" this one starts with 0x%02x 0x%02x.", head[0] & 0xff, head[1] & 0xff));
        }
        ValueType type = ValueType.of(typeCode, source);
        int header = 4 + 4 * rank;
        byte[] dims = in.readNBytes(4 * rank);
        if (dims.length < 4 * rank) {
            throw new KerasException("IDX file " + source + " declares " + rank + " dimensions, which need a "
                    + header + "-byte header, but the file is only " + (4 + dims.length) + " bytes long.");
        }
        ByteBuffer dimBuf = ByteBuffer.wrap(dims);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = dimBuf.getInt();
            if (shape[i] < 0) {
                throw new KerasException("IDX file " + source + " has a negative size " + shape[i]
                        + " for dimension " + i + ".");
            }
        }
        String declared = "IDX file " + source + " (declared in its header)";
        int count = Shapes.size(shape, declared);
        Shapes.size(Arrays.copyOfRange(shape, Math.min(1, rank), rank), "one sample of " + declared);
        long expected = header + (long) count * type.size;
        String needs = "IDX file " + source + " has the wrong size: its header declares shape "
                + Tensor.shapeToString(shape) + " of " + type.description + ", which needs " + expected + " bytes";
        if (size >= 0 && size != expected) {
            throw new KerasException(needs + ", but the file has " + size + " bytes"
                    + (size < expected ? " (truncated?)." : " (extra data after the values)."));
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (4L * count > heap) {
            throw new KerasException("IDX file " + source + " declares shape " + Tensor.shapeToString(shape) + ": "
                    + count + " values, which need " + 4L * count + " bytes as float32, more than the JVM's maximum heap of "
                    + heap + " bytes (raise -Xmx to read it).");
        }
        float[] values = new float[Math.min(count, FIRST_ALLOCATION)];
        byte[] block = new byte[BLOCK];
        int filled = 0;
        while (filled < count) {
            int want = (int) Math.min((long) (count - filled) * type.size, BLOCK);
            int got = in.readNBytes(block, 0, want);
            if (got < want) {
                long present = header + (long) filled * type.size + got;
                throw new KerasException(needs + ", but the file has " + present + " bytes"
                        + (size < 0 && in instanceof GZIPInputStream ? " once decompressed" : "") + " (truncated?).");
            }
            int n = got / type.size;
            if (filled + n > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(count, Math.max(filled + n, 2L * values.length)));
            }
            type.decode(block, n, values, filled);
            filled += n;
        }
        if (in.read() != -1) {
            throw new KerasException(needs + ", but the file has more bytes"
                    + (in instanceof GZIPInputStream ? " once decompressed" : "") + " (extra data after the values).");
        }
        return new Parsed(magic, Tensor.of(values, shape));
    }

    private static Tensor checkMagic(Parsed p, int magic, String source) {
        if (p.magic != magic) {
            String what = magic == IMAGES_MAGIC ? "an image file" : "a label file";
            String hint = p.magic == LABELS_MAGIC ? " That is the magic number of a label file."
                    : p.magic == IMAGES_MAGIC ? " That is the magic number of an image file." : "";
            throw new KerasException("IDX file " + source + " is not " + what + ": expected magic number " + magic
                    + ", found " + p.magic + " (" + Tensor.shapeToString(p.tensor.shape()) + ")." + hint);
        }
        return p.tensor;
    }

    /** IDX's value types, by their type code (the magic number's third byte). */
    private enum ValueType {
        UNSIGNED_BYTE(0x08, 1, "unsigned bytes"),
        SIGNED_BYTE(0x09, 1, "signed bytes"),
        SHORT(0x0B, 2, "16-bit integers"),
        INT(0x0C, 4, "32-bit integers"),
        FLOAT(0x0D, 4, "32-bit floats"),
        DOUBLE(0x0E, 8, "64-bit floats");

        final int code;
        final int size;
        final String description;

        ValueType(int code, int size, String description) {
            this.code = code;
            this.size = size;
            this.description = description;
        }

        static ValueType of(int code, String source) {
            for (ValueType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new KerasException("IDX file " + source + String.format(" has the unknown type code 0x%02x;", code)
                    + " IDX type codes are 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), 0x0C (int),"
                    + " 0x0D (float) and 0x0E (double).");
        }

        /** Decodes the first {@code n} big-endian values of {@code bytes} into {@code out} from {@code at}. */
        void decode(byte[] bytes, int n, float[] out, int at) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            for (int i = 0; i < n; i++) {
                out[at + i] = switch (this) {
                    case UNSIGNED_BYTE -> bytes[i] & 0xff;
                    case SIGNED_BYTE -> bytes[i];
                    case SHORT -> b.getShort();
                    case INT -> b.getInt();
                    case FLOAT -> b.getFloat();
                    case DOUBLE -> (float) b.getDouble();
                };
            }
        }
    }
}
