package io.jkeras.backend.dl4j;

import io.jkeras.KerasException;
import io.jkeras.backend.BidirectionalSpec;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.NodeSpec;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dl4j backend's check of off-heap memory before it asks ND4J for it.
 *
 * <p>What DL4J 1.0.0-M2.1 does (docs/reliability.md, measured): ND4J's arrays are allocated by
 * libnd4j and by ND4J's workspaces, not through JavaCPP's {@code Pointer}, so JavaCPP's
 * {@code totalBytes()} stays at a few hundred bytes while the process holds gigabytes, and
 * {@code -Dorg.bytedeco.javacpp.maxbytes} never stops them. {@code maxphysicalbytes} is only looked
 * at when something does allocate through JavaCPP (a one-value {@code LongPointer} deep inside
 * back-propagation), which then throws {@code OutOfMemoryError} if the process is already past it.
 * DL4J's workspaces keep their size after a large batch, and recurrent layers' temporaries wait
 * for the garbage collector, so memory grew call after call.
 *
 * <p>So the backend enforces the two limits itself. Each call's off-heap memory is estimated
 * from the model's shapes ({@link #stepValuesPerSample}), an upper bound of what DL4J allocates for
 * a step (measured against the peak resident memory of models of every heavy kind), and refused
 * when the model's parameters plus that estimate exceed {@code maxbytes}, or when the resident
 * memory now plus the estimate exceeds {@code maxphysicalbytes}.
 */
final class Dl4jMemory {
    /**
     * A workspace learns its size in its first cycle, spilling every array outside it, then
     * allocates that size while the spilled arrays are still held: twice the arrays at the peak.
     */
    private static final int WORKSPACE_FACTOR = 2;

    /** How many times a call that does not fit waits for the garbage collector before it is refused. */
    private static final int GC_RETRIES = 3;

    /** Limits that replace JavaCPP's in tests ({@code {maxBytes, maxPhysicalBytes}}); null for JavaCPP's. */
    private static volatile long[] testLimits;

    private Dl4jMemory() {
    }

    /** JavaCPP's {@code maxBytes} (by default the maximum heap); 0 or less means none. */
    static long maxBytes() {
        long[] t = testLimits;
        return t != null ? t[0] : Pointer.maxBytes();
    }

    /** JavaCPP's {@code maxPhysicalBytes}, the bound on the resident memory of the process; 0 or less means none. */
    static long maxPhysicalBytes() {
        long[] t = testLimits;
        return t != null ? t[1] : Pointer.maxPhysicalBytes();
    }

    /** For tests: limits to use instead of JavaCPP's; {@code null} restores JavaCPP's. */
    static void setLimitsForTest(long[] limits) {
        testLimits = limits == null ? null : limits.clone();
    }

    /**
     * Refuses {@code bytes} of off-heap arrays that {@code maxbytes} cannot hold, before they are
     * allocated (a model's parameters and gradients at build).
     *
     * @param what what needs them, for the message
     * @throws KerasException naming {@code what}, the bytes needed and the limit
     */
    static void require(long bytes, String what) {
        long max = maxBytes();
        long used = Pointer.totalBytes();
        if (max > 0 && bytes > max - used) {
            throw new KerasException(what + " needs at least " + bytes + " bytes off the Java heap, more than the "
                    + (max - used) + " bytes left under JavaCPP's limit of " + max + " bytes (" + used + " in use). "
                    + HOW_TO_RAISE + ", or make the model smaller.");
        }
    }

    private static final String HOW_TO_RAISE = "Raise -Dorg.bytedeco.javacpp.maxbytes and"
            + " -Dorg.bytedeco.javacpp.maxphysicalbytes (JavaCPP's limits, which the dl4j backend enforces)";

    /**
     * Refuses a call that needs {@code stepBytes} off the heap for its batch (its input and label
     * arrays and the step's working memory) on top of the model's {@code modelBytes}: against {@code maxbytes} (both together), and against
     * {@code maxphysicalbytes} (the resident memory now, less what the thread's ND4J workspaces hold,
     * which the step reuses and {@code stepBytes} counts already, plus the step). When only the second fails,
     * the garbage collector is asked to free arrays that wait for it (ND4J frees an array's memory
     * once its Java object is collected), as JavaCPP itself does before it refuses.
     *
     * @param what the model, call and batch, for the message
     * @throws KerasException naming {@code what}, the bytes needed and the limit, and how to raise it
     */
    static void requireStep(long modelBytes, long stepBytes, String what) {
        long max = maxBytes();
        long needed = modelBytes + stepBytes;
        if (max > 0 && needed > max - Pointer.totalBytes()) {
            throw new KerasException(what + " needs up to " + needed + " bytes off the Java heap (" + modelBytes
                    + " for the model's parameters and gradients, " + stepBytes + " for the batch), more"
                    + " than JavaCPP's limit of " + max + " bytes (-Dorg.bytedeco.javacpp.maxbytes). " + HOW_TO_RAISE
                    + ", or use a smaller batch size.");
        }
        long maxPhysical = maxPhysicalBytes();
        if (maxPhysical <= 0) {
            return;
        }
        long held = Math.min(threadWorkspaceBytes(), stepBytes);
        long resident = Math.max(0, Pointer.physicalBytes() - held);
        for (int i = 0; i < GC_RETRIES && resident + stepBytes > maxPhysical; i++) {
            System.gc();
            try {
                // ND4J's deallocator thread frees the collected arrays' memory.
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            resident = Math.max(0, Pointer.physicalBytes() - held);
        }
        if (resident + stepBytes > maxPhysical) {
            throw new KerasException(what + " needs up to " + stepBytes + " bytes off the Java heap for the batch, more"
                    + " than the " + Math.max(0, maxPhysical - resident) + " bytes left under JavaCPP's limit of "
                    + maxPhysical + " bytes of physical memory (-Dorg.bytedeco.javacpp.maxphysicalbytes; the process"
                    + " holds " + resident + (held > 0 ? " besides the " + held + " of workspaces the call reuses" : "")
                    + "). " + HOW_TO_RAISE + ", or use a smaller batch size.");
        }
    }

    /** The bytes the calling thread's ND4J workspaces hold now: resident already, and reused by its next call. */
    static long threadWorkspaceBytes() {
        long bytes = 0;
        for (MemoryWorkspace workspace : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            bytes += workspace.getCurrentSize();
        }
        return bytes;
    }

    /**
     * An upper bound of the float32 values DL4J allocates per sample in one call, workspaces
     * included (times {@link #WORKSPACE_FACTOR}). Per node, with {@code O} its output's values and
     * {@code I} its inputs': inference keeps {@code 2 O} (the output and its pre-activation); a
     * training step {@code 4 O + I} (the forward pair, then the recomputed pre-activation, the
     * delta, and the gradient towards the inputs). A convolution adds its im2col buffer
     * (output positions x kernel x input channels: 2 of them in inference, 4 in training), a
     * recurrent layer its per-timestep gates and states ({@code 6 (12 in training) x gates x units}
     * per timestep, and two copies of its inputs), a Bidirectional layer two of them.
     */
    static long stepValuesPerSample(ModelSpec model, boolean training) {
        Map<String, LayerSpec> byName = new LinkedHashMap<>();
        for (LayerSpec l : model.layers()) {
            byName.put(l.name(), l);
        }
        long n = 0;
        for (NodeSpec node : model.nodes()) {
            LayerSpec l = byName.get(node.layer());
            long out = Shapes.size(l.outputShape(), "the output of layer '" + l.name() + "'");
            long in = 0;
            for (int[] s : l.inputShapes()) {
                in += Shapes.size(s, "the input of layer '" + l.name() + "'");
            }
            n += training ? 4 * out + in : 2 * out;
            n += workingValues(l, out, training);
        }
        return WORKSPACE_FACTOR * n;
    }

    /** The values a layer makes inside its forward (and backward) pass beyond its output; see above. */
    private static long workingValues(LayerSpec l, long out, boolean training) {
        // The three kinds whose working memory is not a small multiple of their output.
        if (l instanceof ConvSpec c) {
            long positions = out / c.filters();
            long kernel = 1;
            for (int k : c.kernelSize()) {
                kernel *= k;
            }
            int[] in = c.inputShape();
            return (training ? 4 : 2) * positions * kernel * in[in.length - 1];
        }
        if (l instanceof RecurrentSpec r) {
            return recurrentValues(r, training);
        }
        if (l instanceof BidirectionalSpec b) {
            return recurrentValues(b.forward(), training) + recurrentValues(b.backward(), training);
        }
        return 0;
    }

    private static long recurrentValues(RecurrentSpec r, boolean training) {
        long steps = r.timesteps();
        return steps * ((training ? 12L : 6L) * r.cell().gates() * r.units() + 2L * r.features());
    }
}
