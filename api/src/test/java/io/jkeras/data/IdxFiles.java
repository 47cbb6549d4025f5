package io.jkeras.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** An unsigned-byte IDX file with this shape; values are taken modulo 256. */
    static byte[] ubyte(int[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + values.length);
        b.putInt(0x0800 | shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    /** Images {@code (n, rows, cols)} whose pixel {@code i} (flat) is {@code (i * 7) % 256}. */
    static byte[] images(int n, int rows, int cols) {
        int[] v = new int[n * rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7) % 256;
        }
        return ubyte(v, n, rows, cols);
    }

    /** Labels {@code 0, 1, ..., n-1} modulo 10. */
    static byte[] labels(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 10;
        }
        return ubyte(v, n);
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A gzip bomb: {@code prefix}, then {@code 16 MiB * members} zero bytes, as gzip members
     * one after another (which {@code gunzip} and {@code GZIPInputStream} read as one stream).
     * 256 members expand to 4 GiB from about 4 MB.
     */
    static byte[] gzipBomb(byte[] prefix, int members) {
        byte[] zeros = gzip(new byte[16 << 20]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(gzip(prefix));
        for (int i = 0; i < members; i++) {
            out.writeBytes(zeros);
        }
        return out.toByteArray();
    }

    /** An IDX header of unsigned bytes with these dimensions, and no values. */
    static byte[] header(int... shape) {
        return ubyte(new int[0], shape);
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
