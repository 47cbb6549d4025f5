package io.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.exceptions.UnsupportedHdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jkeras.Tensor;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an HDF5 file (from bytes, or a {@code .keras} entry) with jhdf, checking everything before
 * it allocates: a dataset must exist, be float32 (or an integer scalar for a step counter), have the
 * shape the model expects, and its data must fit in the bytes present. Every error names the file
 * and the dataset; jhdf's own failures become {@link CorruptFileException} or, for HDF5 features
 * jhdf cannot read, {@link UnsupportedFeatureException} naming the feature.
 */
final class H5Reader implements AutoCloseable {
    private final HdfFile hdf;
    private final Path file;
    private final String prefix;
    private final long bytes;

    private H5Reader(HdfFile hdf, Path file, String prefix, long bytes) {
        this.hdf = hdf;
        this.file = file;
        this.prefix = prefix;
        this.bytes = bytes;
    }

    /**
     * Opens HDF5 bytes.
     *
     * @param file the file, for messages
     * @param prefix what entries are named after: {@code "model.weights.h5:"} inside a {@code .keras} file, else {@code ""}
     */
    static H5Reader open(byte[] data, Path file, String prefix) {
        try {
            return new H5Reader(HdfFile.fromBytes(data), file, prefix, data.length);
        } catch (RuntimeException e) {
            throw new CorruptFileException(file, prefix.isEmpty() ? "/" : prefix + "/",
                    "not a readable HDF5 file (" + e.getMessage() + ").", e);
        }
    }

    /** The file read. */
    Path file() {
        return file;
    }

    /** The entry name of {@code path} for messages: {@code model.weights.h5:/layers/dense/vars/0}. */
    String entry(String path) {
        return prefix + (path.startsWith("/") ? path : "/" + path);
    }

    /** The group at {@code path}, or {@code null} if absent. */
    Group groupOrNull(String path) {
        Node n = nodeOrNull(path);
        if (n == null) {
            return null;
        }
        if (!(n instanceof Group g)) {
            throw new CorruptFileException(file, entry(path), "expected an HDF5 group, found a dataset.");
        }
        return g;
    }

    /** The group at {@code path}. */
    Group group(String path) {
        Group g = groupOrNull(path);
        if (g == null) {
            throw new MissingEntryException(file, entry(path), "the HDF5 group is missing.");
        }
        return g;
    }

    /** Whether something exists at {@code path}. */
    boolean exists(String path) {
        return nodeOrNull(path) != null;
    }

    private Node nodeOrNull(String path) {
        try {
            Node n = hdf;
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!(n instanceof Group g)) {
                    return null;
                }
                n = g.getChildren().get(part);
                if (n == null) {
                    return null;
                }
            }
            return n;
        } catch (RuntimeException e) {
            throw jhdfError(path, e);
        }
    }

    /** The names of a group's children, sorted as Keras's numbered {@code vars} are: numerically when they are numbers. */
    List<String> childNames(String path) {
        Group g = group(path);
        try {
            List<String> names = new ArrayList<>(g.getChildren().keySet());
            names.sort((a, b) -> {
                boolean na = a.matches("\\d{1,9}");
                boolean nb = b.matches("\\d{1,9}");
                return na && nb ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b)) : a.compareTo(b);
            });
            return names;
        } catch (RuntimeException e) {
            throw jhdfError(path, e);
        }
    }

    /** A string attribute of the node at {@code path}, or {@code null}. */
    String stringAttribute(String path, String name) {
        Object v = attribute(path, name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new DtypeException(file, entry(path) + "@" + name, "expected a string attribute. Received: " + describe(v) + ".");
    }

    /** An attribute holding a list of strings (Keras 2's {@code layer_names}, {@code weight_names}), or {@code null}. */
    List<String> stringListAttribute(String path, String name) {
        Object v = attribute(path, name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                Object o = Array.get(v, i);
                if (!(o instanceof String s)) {
                    if (n == 0 || o instanceof Number) {
                        continue;
                    }
                    throw new DtypeException(file, entry(path) + "@" + name, "expected a list of strings. Received: " + describe(v) + ".");
                }
                out.add(s);
            }
            return out;
        }
        throw new DtypeException(file, entry(path) + "@" + name, "expected a list of strings. Received: " + describe(v) + ".");
    }

    private Object attribute(String path, String name) {
        Node n = nodeOrNull(path);
        if (n == null) {
            throw new MissingEntryException(file, entry(path), "the HDF5 object is missing.");
        }
        try {
            Attribute a = n.getAttributes().get(name);
            if (a == null) {
                return null;
            }
            if (a.getSizeInBytes() > bytes) {
                throw new SizeLimitException(file, entry(path) + "@" + name, "the attribute declares " + a.getSizeInBytes()
                        + " bytes, more than the file's " + bytes + ".");
            }
            return a.getData();
        } catch (SavingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw jhdfError(path + "@" + name, e);
        }
    }

    /** The dataset at {@code path}. */
    Dataset dataset(String path) {
        Node n = nodeOrNull(path);
        if (n == null) {
            throw new MissingEntryException(file, entry(path), "the HDF5 dataset is missing.");
        }
        if (!(n instanceof Dataset d)) {
            throw new CorruptFileException(file, entry(path), "expected an HDF5 dataset, found a group.");
        }
        return d;
    }

    /** The shape of the dataset at {@code path}. */
    int[] shape(String path) {
        try {
            return dataset(path).getDimensions();
        } catch (SavingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw jhdfError(path, e);
        }
    }

    /**
     * Reads a float32 dataset that must have {@code expected} shape.
     *
     * @param what what the values are, for messages, e.g. {@code "layer 'dense' variable 0 (kernel)"}
     */
    Tensor floats(String path, int[] expected, String what) {
        Dataset d = dataset(path);
        try {
            int[] shape = d.getDimensions();
            if (!Arrays.equals(shape, expected)) {
                throw new WeightMismatchException(file, entry(path), what + " must have shape " + Tensor.shapeToString(expected)
                        + ". Received: shape " + Tensor.shapeToString(shape) + ".");
            }
            DataType t = d.getDataType();
            if (!(t instanceof FloatingPoint) || t.getSize() != 4 || d.isCompound() || d.isVariableLength()) {
                throw new DtypeException(file, entry(path), what + " must be float32. Received: " + dtypeName(d) + ".");
            }
            checkFits(d, path);
            Object data = d.getDataFlat();
            float[] flat = data instanceof float[] f ? f : new float[] {((Number) data).floatValue()};
            if (flat.length != size(expected)) {
                throw new CorruptFileException(file, entry(path), "holds " + flat.length + " values where its shape "
                        + Tensor.shapeToString(shape) + " declares " + size(expected) + ".");
            }
            return Tensor.of(flat, expected);
        } catch (SavingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw jhdfError(path, e);
        }
    }

    /** Reads a scalar integer dataset (Keras's {@code iterations}, int32 or int64). */
    long integerScalar(String path, String what) {
        return scalar(path, what, true).longValue();
    }

    /** Reads a scalar float dataset (Keras's {@code learning_rate}). */
    float floatScalar(String path, String what) {
        return scalar(path, what, false).floatValue();
    }

    private Number scalar(String path, String what, boolean integer) {
        Dataset d = dataset(path);
        try {
            DataType t = d.getDataType();
            if (!(integer ? t instanceof FixedPoint : t instanceof FloatingPoint) || d.getSize() != 1) {
                throw new DtypeException(file, entry(path), what + " must be one " + (integer ? "integer" : "float")
                        + ". Received: " + dtypeName(d) + " of shape " + Tensor.shapeToString(d.getDimensions()) + ".");
            }
            checkFits(d, path);
            Object v = d.getDataFlat();
            return (Number) (v.getClass().isArray() ? Array.get(v, 0) : v);
        } catch (SavingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw jhdfError(path, e);
        }
    }

    /** A dataset's data must fit in the file: the shape is checked against the model first, this against the bytes. */
    private void checkFits(Dataset d, String path) {
        long declared = d.getSizeInBytes();
        if (declared < 0 || declared > bytes) {
            throw new SizeLimitException(file, entry(path), "the dataset declares " + declared + " bytes of data, but the"
                    + " HDF5 file holds only " + bytes + " bytes.");
        }
        if (d.getFilters().isEmpty() && d.getStorageInBytes() > bytes) {
            throw new SizeLimitException(file, entry(path), "the dataset's storage (" + d.getStorageInBytes()
                    + " bytes) is larger than the HDF5 file (" + bytes + " bytes).");
        }
    }

    /** The number of values of a shape, as a long. */
    static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static String dtypeName(Dataset d) {
        DataType t = d.getDataType();
        String kind = t instanceof FloatingPoint ? "float" : t instanceof FixedPoint ? "int" : t.getClass().getSimpleName();
        return kind + (t.getSize() * 8);
    }

    private static String describe(Object v) {
        return v.getClass().isArray() ? v.getClass().getComponentType().getSimpleName() + "[" + Array.getLength(v) + "]"
                : v.getClass().getSimpleName() + " " + v;
    }

    /** jhdf's own exception, as the error of this file and dataset. */
    private SavingException jhdfError(String path, RuntimeException e) {
        if (e instanceof HdfFilterException || e instanceof UnsupportedHdfException) {
            return new UnsupportedFeatureException(file, entry(path), "uses an HDF5 feature jhdf cannot read: "
                    + e.getMessage() + ". Save the model again with Keras's default options (no custom filters).", e);
        }
        return new CorruptFileException(file, entry(path), "cannot be read: " + e, e);
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException ignored) {
            // an in-memory file holds nothing to release
        }
    }
}
