package io.jkeras.saving;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.Channels;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * Writes a file atomically: to a temporary file in the same folder, flushed to disk, then moved
 * over the target. A failure at any point (a full disk, an exception while writing) deletes the
 * temporary file and leaves whatever was at the target untouched.
 */
final class AtomicFiles {
    /** What writes the content. */
    interface Content {
        /** Writes everything to {@code out}; does not close it. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Wraps the stream to the temporary file; tests replace it with one that fails after N bytes. */
    static volatile UnaryOperator<OutputStream> streamWrapper = UnaryOperator.identity();

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target} atomically.
     *
     * @throws SavingException naming the file, if anything fails; the target is then unchanged
     */
    static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        } catch (IOException | RuntimeException e) {
            throw new SavingException(target, null, "cannot create a temporary file in " + dir + ": " + e, e);
        }
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(ch);
                OutputStream out = streamWrapper.apply(raw);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (SavingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SavingException(target, null, "could not be written (the previous file, if any, is unchanged): " + e, e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Nothing more can be done; the error being thrown says what failed.
                }
            }
        }
    }
}
