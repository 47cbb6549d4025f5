package io.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    @Test
    void readImagesGivesRawPixelValuesInRowMajorOrder() {
        Path f = IdxFiles.write(dir, "img", IdxFiles.ubyte(new int[] {0, 255, 17, 128, 1, 2, 3, 4, 5, 6, 7, 200}, 2, 2, 3));
        Tensor t = Idx.readImages(f);
        assertArrayEquals(new int[] {2, 2, 3}, t.shape());
        assertArrayEquals(new float[] {0, 255, 17, 128, 1, 2, 3, 4, 5, 6, 7, 200}, t.data());
        assertEquals(200f, t.get(1, 1, 2));
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesWhateverTheName() {
        byte[] raw = IdxFiles.images(3, 4, 5);
        Tensor plain = Idx.readImages(IdxFiles.write(dir, "a-idx3-ubyte", raw));
        Tensor gz = Idx.readImages(IdxFiles.write(dir, "a-idx3-ubyte.gz", IdxFiles.gzip(raw)));
        Tensor gzNoSuffix = Idx.readImages(IdxFiles.write(dir, "b-idx3-ubyte", IdxFiles.gzip(raw)));
        assertEquals(plain, gz);
        assertEquals(plain, gzNoSuffix);
        assertEquals((13 * 7) % 256, plain.data()[13]);
    }

    @Test
    void readLabelsGivesOneValuePerSample() {
        Tensor t = Idx.readLabels(IdxFiles.write(dir, "labels.gz", IdxFiles.gzip(IdxFiles.labels(12))));
        assertArrayEquals(new int[] {12}, t.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, t.data());
    }

    @Test
    void streamsAreReadLikeFiles() {
        byte[] gz = IdxFiles.gzip(IdxFiles.labels(3));
        Tensor t = Idx.readLabels(new ByteArrayInputStream(gz), "resource labels.gz");
        assertArrayEquals(new float[] {0, 1, 2}, t.data());
    }

    @Test
    void labelFileGivenAsImagesIsRejectedWithBothMagicNumbers() {
        Path f = IdxFiles.write(dir, "train-labels-idx1-ubyte", IdxFiles.labels(4));
        KerasException e = assertThrows(KerasException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("expected magic number 2051, found 2049"), e.getMessage());
        assertTrue(e.getMessage().contains("magic number of a label file"), e.getMessage());
    }

    @Test
    void imageFileGivenAsLabelsIsRejected() {
        Path f = IdxFiles.write(dir, "imgs", IdxFiles.images(1, 2, 2));
        KerasException e = assertThrows(KerasException.class, () -> Idx.readLabels(f));
        assertTrue(e.getMessage().contains("is not a label file: expected magic number 2049, found 2051"), e.getMessage());
    }

    @Test
    void truncatedFileIsRejectedWithExpectedAndActualSizes() {
        byte[] raw = IdxFiles.images(2, 3, 3);
        Path f = IdxFiles.write(dir, "short", Arrays.copyOf(raw, raw.length - 5));
        KerasException e = assertThrows(KerasException.class, () -> Idx.readImages(f));
        // 16-byte header + 18 values = 34 bytes expected, 29 present
        assertTrue(e.getMessage().contains("shape (2, 3, 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("needs 34 bytes, but the file has 29 bytes (truncated?)"), e.getMessage());
    }

    @Test
    void extraBytesAfterTheValuesAreRejected() {
        byte[] raw = IdxFiles.labels(3);
        Path f = IdxFiles.write(dir, "long", Arrays.copyOf(raw, raw.length + 2));
        KerasException e = assertThrows(KerasException.class, () -> Idx.readLabels(f));
        assertTrue(e.getMessage().contains("needs 11 bytes, but the file has 13 bytes (extra data"), e.getMessage());
    }

    @Test
    void fileThatIsNotIdxIsRejected() {
        Path f = IdxFiles.write(dir, "readme.txt", "hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        KerasException e = assertThrows(KerasException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains("is not an IDX file"), e.getMessage());
        assertTrue(e.getMessage().contains("0x68 0x65"), e.getMessage());
    }

    @Test
    void tooShortForAHeaderIsRejected() {
        Path f = IdxFiles.write(dir, "tiny", new byte[] {0, 0, 8});
        KerasException e = assertThrows(KerasException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains("3 bytes long, too short"), e.getMessage());
        Path g = IdxFiles.write(dir, "header", new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
        e = assertThrows(KerasException.class, () -> Idx.readImages(g));
        assertTrue(e.getMessage().contains("declares 3 dimensions, which need a 16-byte header"), e.getMessage());
    }

    @Test
    void corruptGzipIsRejected() {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(5, 10, 10));
        Path f = IdxFiles.write(dir, "cut.gz", Arrays.copyOf(gz, gz.length / 2));
        KerasException e = assertThrows(KerasException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope");
        KerasException e = assertThrows(KerasException.class, () -> Idx.readLabels(f));
        assertTrue(e.getMessage().contains(f + " does not exist"), e.getMessage());
    }

    @Test
    void unknownTypeCodeIsRejected() {
        Path f = IdxFiles.write(dir, "odd", new byte[] {0, 0, 0x0A, 1, 0, 0, 0, 0});
        KerasException e = assertThrows(KerasException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("unknown type code 0x0a"), e.getMessage());
    }

    @Test
    void readDecodesEveryIdxValueType() {
        ByteBuffer ints = ByteBuffer.allocate(8 + 12).putInt(0x0C01).putInt(3).putInt(-5).putInt(70000).putInt(2);
        assertArrayEquals(new float[] {-5, 70000, 2}, Idx.read(IdxFiles.write(dir, "i", ints.array())).data());
        ByteBuffer floats = ByteBuffer.allocate(12 + 8).putInt(0x0D02).putInt(1).putInt(2).putFloat(1.5f).putFloat(-0.25f);
        Tensor f = Idx.read(IdxFiles.write(dir, "f", floats.array()));
        assertArrayEquals(new int[] {1, 2}, f.shape());
        assertArrayEquals(new float[] {1.5f, -0.25f}, f.data());
        ByteBuffer signed = ByteBuffer.allocate(8 + 2).putInt(0x0901).putInt(2).put((byte) -3).put((byte) 100);
        assertArrayEquals(new float[] {-3, 100}, Idx.read(IdxFiles.write(dir, "s", signed.array())).data());
        ByteBuffer shorts = ByteBuffer.allocate(8 + 4).putInt(0x0B01).putInt(2).putShort((short) -300).putShort((short) 7);
        assertArrayEquals(new float[] {-300, 7}, Idx.read(IdxFiles.write(dir, "h", shorts.array())).data());
        ByteBuffer doubles = ByteBuffer.allocate(8 + 8).putInt(0x0E01).putInt(1).putDouble(0.125);
        assertArrayEquals(new float[] {0.125f}, Idx.read(IdxFiles.write(dir, "d", doubles.array())).data());
    }

    @Test
    void scaleToUnitRangeDividesBy255() {
        Tensor t = Idx.scaleToUnitRange(Tensor.of(new float[] {0, 51, 255, 102}, 2, 2));
        assertArrayEquals(new int[] {2, 2}, t.shape());
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 0.4f}, t.data(), 1e-7f);
    }

    // ------------------------------------------------------------------ hostile headers and streams

    @Test
    void headerDeclaring65536Cubed65536ValuesIsRefusedBeforeAllocating() {
        Path f = IdxFiles.write(dir, "huge", IdxFiles.header(65536, 65536, 65536));
        KerasException e = assertThrows(KerasException.class, () -> Idx.readImages(f));
        assertEquals("The shape (65536, 65536, 65536) of IDX file " + f + " (declared in its header) has more than "
                + "2147483647 values.", e.getMessage());
    }

    @Test
    void headerWhoseProductWrapsToZeroIsRefused() {
        // 65536^4 = 2^64 wraps a long to 0, the number of values this 20-byte file holds.
        Path f = IdxFiles.write(dir, "wraps", IdxFiles.header(65536, 65536, 65536, 65536));
        KerasException e = assertThrows(KerasException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().startsWith("The shape (65536, 65536, 65536, 65536) of IDX file " + f),
                e.getMessage());
    }

    @Test
    void emptyFileWithSamplesTooLargeToCountIsRefused() {
        Path f = IdxFiles.write(dir, "wide", IdxFiles.header(0, 65536, 65536));
        KerasException e = assertThrows(KerasException.class, () -> Idx.read(f));
        assertEquals("The shape (65536, 65536) of one sample of IDX file " + f + " (declared in its header) has "
                + "more than 2147483647 values.", e.getMessage());
    }

    @Test
    void gzipBombStopsAtTheSizeItsHeaderDeclares() {
        // 10 labels, then 4 GiB of zeros from a 4 MB file: read to the end, it would exhaust the heap.
        byte[] bomb = IdxFiles.gzipBomb(IdxFiles.labels(10), 256);
        assertTrue(bomb.length < 5_000_000, "bomb of " + bomb.length + " bytes");
        Path f = IdxFiles.write(dir, "bomb.gz", bomb);
        KerasException e = assertThrows(KerasException.class, () -> Idx.readLabels(f));
        assertEquals("IDX file " + f + " has the wrong size: its header declares shape (10,) of unsigned bytes, which "
                + "needs 18 bytes, but the file has more bytes once decompressed (extra data after the values).",
                e.getMessage());
    }

    @Test
    void endlessStreamStopsAtTheSizeItsHeaderDeclares() {
        byte[] header = IdxFiles.labels(3);
        InputStream endless = new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < header.length ? header[(int) position++] & 0xff : 0;
            }
        };
        KerasException e = assertThrows(KerasException.class, () -> Idx.readLabels(endless, "endless"));
        assertTrue(e.getMessage().endsWith("needs 11 bytes, but the file has more bytes (extra data after the values)."),
                e.getMessage());
    }

    @Test
    void smallGzipDeclaringManyValuesIsTruncatedNotAllocated() {
        // declares 2^31 - 1 unsigned bytes (8 GiB as floats) and holds none of them
        byte[] gz = IdxFiles.gzip(IdxFiles.header(Integer.MAX_VALUE));
        KerasException e = assertThrows(KerasException.class,
                () -> Idx.readLabels(new ByteArrayInputStream(gz), "claims.gz"));
        assertTrue(e.getMessage().contains("declares shape (2147483647,)"), e.getMessage());
        // 100 MB declared, fits the heap, 8 bytes present: fails at the end of the data
        byte[] gz2 = IdxFiles.gzip(IdxFiles.header(100_000_000));
        e = assertThrows(KerasException.class, () -> Idx.readLabels(new ByteArrayInputStream(gz2), "claims2.gz"));
        assertTrue(e.getMessage().endsWith("needs 100000008 bytes, but the file has 8 bytes once decompressed"
                + " (truncated?)."), e.getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        assertEquals("file must not be null",
                assertThrows(NullPointerException.class, () -> Idx.readImages((Path) null)).getMessage());
        assertEquals("in must not be null",
                assertThrows(NullPointerException.class, () -> Idx.readLabels(null, "x")).getMessage());
    }
}
