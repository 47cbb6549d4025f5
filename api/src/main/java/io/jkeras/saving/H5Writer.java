package io.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.WritableGroupImpl;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.storage.HdfFileChannel;
import io.jkeras.Tensor;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HDF5 file built in memory (groups, string attributes, float32 and int64 datasets), then
 * written with jhdf and returned as bytes, so that every save goes through one atomic stream.
 *
 * <p>jhdf 0.13.0 writes its trailing signature at the channel position left by the last dataset;
 * when the last object written is a group without datasets (Keras's empty {@code vars} groups),
 * that signature overwrote the group's header and h5py could not open it. Every group is therefore
 * written through a wrapper that leaves the channel at the group's end.
 */
final class H5Writer {
    /** One group: attributes, datasets and subgroups, in insertion order. */
    static final class Group {
        final Map<String, String> attributes = new LinkedHashMap<>();
        final Map<String, Object> children = new LinkedHashMap<>();

        /** The subgroup of this name, made if absent. */
        Group group(String name) {
            Object o = children.computeIfAbsent(name, k -> new Group());
            if (!(o instanceof Group g)) {
                throw new IllegalStateException(name + " is a dataset");
            }
            return g;
        }

        /** A float32 dataset of the tensor's shape. */
        void put(String name, Tensor t) {
            children.put(name, t.copy());
        }

        /** A scalar int64 dataset. */
        void put(String name, long value) {
            children.put(name, value);
        }

        /** A scalar float32 dataset. */
        void put(String name, float value) {
            children.put(name, value);
        }
    }

    final Group root = new Group();

    /** The file as bytes. */
    byte[] toBytes() throws IOException {
        Path scratch = Files.createTempFile("jkeras-", ".h5");
        try {
            try (WritableHdfFile f = HdfFile.write(scratch)) {
                // jhdf signs the root group; Keras's files have no root attribute.
                f.removeAttribute("_jHDF");
                fill(f, root);
            }
            return Files.readAllBytes(scratch);
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static void fill(WritableGroup target, Group g) {
        for (Map.Entry<String, String> a : g.attributes.entrySet()) {
            target.putAttribute(a.getKey(), a.getValue());
        }
        for (Map.Entry<String, Object> c : g.children.entrySet()) {
            Object v = c.getValue();
            if (v instanceof Group sub) {
                WritableGroupImpl child = new WritableGroupImpl(target, c.getKey());
                target.putDataset(c.getKey(), endPositioned(child));
                fill(child, sub);
            } else if (v instanceof Tensor t) {
                target.putDataset(c.getKey(), nested(t));
            } else {
                target.putDataset(c.getKey(), v);
            }
        }
    }

    /** A group that jhdf writes as any child, but that leaves the channel at its end. */
    private static WritableDataset endPositioned(WritableGroupImpl group) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("write") && args != null && args.length == 2 && args[0] instanceof HdfFileChannel ch) {
                long end = group.write(ch, (Long) args[1]);
                ch.position(end);
                return end;
            }
            Method m = findMethod(method);
            if (m == null) {
                throw new UnsupportedOperationException(method.getName() + " on a group being written");
            }
            try {
                return m.invoke(group, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (WritableDataset) Proxy.newProxyInstance(H5Writer.class.getClassLoader(),
                new Class<?>[] {WritableDataset.class}, h);
    }

    private static Method findMethod(Method m) {
        try {
            return WritableGroupImpl.class.getMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** The tensor as the nested Java array jhdf writes: {@code float[]}, {@code float[][]}...; a scalar as {@code Float}. */
    static Object nested(Tensor t) {
        int[] shape = t.shape();
        float[] d = t.data();
        if (shape.length == 0) {
            return d[0];
        }
        Object arr = Array.newInstance(float.class, shape);
        fillNested(arr, shape, 0, d, new int[] {0});
        return arr;
    }

    private static void fillNested(Object arr, int[] shape, int axis, float[] d, int[] pos) {
        if (axis == shape.length - 1) {
            float[] row = (float[]) arr;
            System.arraycopy(d, pos[0], row, 0, row.length);
            pos[0] += row.length;
            return;
        }
        for (int i = 0; i < shape[axis]; i++) {
            fillNested(Array.get(arr, i), shape, axis + 1, d, pos);
        }
    }

    /** The names of the children of {@code g}, for tests and messages. */
    static List<String> names(Group g) {
        return new ArrayList<>(g.children.keySet());
    }
}
