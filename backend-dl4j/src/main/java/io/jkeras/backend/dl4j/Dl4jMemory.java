package io.jkeras.backend.dl4j;

import io.jkeras.KerasException;
import org.bytedeco.javacpp.Pointer;

/**
 * The dl4j backend's check of off-heap memory before it asks ND4J for it. ND4J keeps arrays off
 * the Java heap, and its allocations do not stop at JavaCPP's limit
 * ({@code -Dorg.bytedeco.javacpp.maxbytes}, by default the maximum heap): a large batch grew
 * until the operating system killed the process. So a model's parameters and a batch's
 * activations are estimated first (a lower bound: what they need at least) and refused when they
 * exceed that limit less what JavaCPP counts as in use.
 */
final class Dl4jMemory {
    private Dl4jMemory() {
    }

    /**
     * Refuses {@code bytes} of off-heap arrays that JavaCPP's limit cannot hold; a limit of 0 or less
     * means none.
     *
     * @param what what needs them, for the message
     * @throws KerasException naming {@code what}, the bytes needed, the limit and the bytes in use
     */
    static void require(long bytes, String what) {
        long max = Pointer.maxBytes();
        if (max <= 0) {
            return;
        }
        long used = Pointer.totalBytes();
        if (bytes > max - used) {
            throw new KerasException(what + " needs at least " + bytes + " bytes off the Java heap, more than the "
                    + (max - used) + " bytes left under JavaCPP's limit of " + max + " bytes (" + used + " in use). Raise"
                    + " -Dorg.bytedeco.javacpp.maxbytes (and maxphysicalbytes), or make the model or the batch smaller.");
        }
    }
}
