package io.jkeras.data;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** {@link #readImages(Path)} from a stream; {@code source} names it in error messages. The stream is closed. */
    public static Tensor readImages(InputStream in, String source) {
        return checkMagic(parseStream(in, source), IMAGES_MAGIC, source);
    }

    /** {@link #readLabels(Path)} from a stream; {@code source} names it in error messages. The stream is closed. */
    public static Tensor readLabels(InputStream in, String source) {
        return checkMagic(parseStream(in, source), LABELS_MAGIC, source);
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
        float[] src = images.data();
        float[] out = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i] / 255f;
        }
        return Tensor.of(out, images.shape());
    }

    // ------------------------------------------------------------------ internals

    /** A parsed file: its magic number and its values. */
    private record Parsed(int magic, Tensor tensor) {
    }

    private static Tensor readExpecting(Path file, int magic) {
        return checkMagic(parseFile(file), magic, file.toString());
    }

    private static Parsed parseFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KerasException("IDX file " + file + " does not exist or is not a regular file.");
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new KerasException("Cannot open IDX file " + file + ": " + e.getMessage(), e);
        }
        return parseStream(in, file.toString());
    }

    private static Parsed parseStream(InputStream raw, String source) {
        byte[] bytes;
        try (InputStream in = decompressIfGzip(new BufferedInputStream(raw))) {
            bytes = in.readAllBytes();
        } catch (ZipException | java.io.EOFException e) {
            throw new KerasException("IDX file " + source + " is gzip-compressed but the compressed data is corrupt"
                    + " or truncated (" + e.getMessage() + "). Download it again.", e);
        } catch (IOException e) {
            throw new KerasException("Cannot read IDX file " + source + ": " + e.getMessage(), e);
        }
        return parse(bytes, source);
    }

    private static InputStream decompressIfGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static Parsed parse(byte[] bytes, String source) {
        if (bytes.length < 4) {
            throw new KerasException("IDX file " + source + " is " + bytes.length
                    + " bytes long, too short for the 4-byte magic number.");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int magic = buf.getInt();
        int typeCode = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0) {
            throw new KerasException("File " + source + " is not an IDX file: an IDX file starts with two zero bytes,"
                    + String.format(" this one starts with 0x%02x 0x%02x.", bytes[0] & 0xff, bytes[1] & 0xff));
        }
        ValueType type = ValueType.of(typeCode, source);
        long header = 4L + 4L * rank;
        if (bytes.length < header) {
            throw new KerasException("IDX file " + source + " declares " + rank + " dimensions, which need a "
                    + header + "-byte header, but the file is only " + bytes.length + " bytes long.");
        }
        int[] shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = buf.getInt();
            if (shape[i] < 0) {
                throw new KerasException("IDX file " + source + " has a negative size " + shape[i]
                        + " for dimension " + i + ".");
            }
            count *= shape[i];
        }
        long expected = header + count * type.size;
        if (bytes.length != expected) {
            throw new KerasException("IDX file " + source + " has the wrong size: its header declares shape "
                    + Tensor.shapeToString(shape) + " of " + type.description + ", which needs " + expected
                    + " bytes, but the file has " + bytes.length + " bytes"
                    + (bytes.length < expected ? " (truncated?)." : " (extra data after the values)."));
        }
        float[] values = new float[(int) count];
        int off = (int) header;
        if (type == ValueType.UNSIGNED_BYTE) {
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes[off + i] & 0xff;
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = type.get(buf);
            }
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

        float get(ByteBuffer b) {
            return switch (this) {
                case UNSIGNED_BYTE -> b.get() & 0xff;
                case SIGNED_BYTE -> b.get();
                case SHORT -> b.getShort();
                case INT -> b.getInt();
                case FLOAT -> b.getFloat();
                case DOUBLE -> (float) b.getDouble();
            };
        }
    }
}
