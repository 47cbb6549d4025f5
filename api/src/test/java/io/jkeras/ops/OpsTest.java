package io.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.BackendOps;
import io.jkeras.backend.BackendProvider;
import io.jkeras.backend.Backends;
import io.jkeras.backend.Capability;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that {@link Ops} hands each call, with Keras's defaults filled in, to the current
 * backend's {@link BackendOps}. A recording backend is installed for the test only, through a
 * class loader whose {@code META-INF/services} names it, so no other test sees it.
 */
class OpsTest {
    /** What the recording backend received last. */
    static String lastMethod;
    static Object[] lastArgs;
    static final Tensor RESULT = Tensor.scalar(42f);

    @TempDir
    Path services;
    private ClassLoader saved;

    /** A provider of the recording backend; public with a no-argument constructor for ServiceLoader. */
    public static final class RecordingProvider implements BackendProvider {
        /** Used by ServiceLoader. */
        public RecordingProvider() {
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public int priority() {
            return -100;
        }

        @Override
        public Backend create(BackendConfig config) {
            BackendOps ops = (BackendOps) Proxy.newProxyInstance(BackendOps.class.getClassLoader(),
                    new Class<?>[] {BackendOps.class}, (proxy, method, args) -> {
                        lastMethod = method.getName();
                        lastArgs = args;
                        return RESULT;
                    });
            return new Backend() {
                @Override
                public String name() {
                    return "recording";
                }

                @Override
                public String device() {
                    return "cpu";
                }

                @Override
                public boolean supports(Capability capability) {
                    return false;
                }

                @Override
                public TrainableModel build(ModelSpec model, TrainingSpec training, java.util.Map<String, List<Tensor>> initialWeights) {
                    throw new UnsupportedOperationException("the recording backend only records ops");
                }

                @Override
                public BackendOps ops() {
                    return ops;
                }
            };
        }
    }

    @BeforeEach
    void installRecordingBackend() throws Exception {
        Path file = services.resolve("META-INF/services/" + BackendProvider.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, RecordingProvider.class.getName() + "\n");
        saved = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new URLClassLoader(new URL[] {services.toUri().toURL()}, saved));
        Backends.use("recording");
        lastMethod = null;
        lastArgs = null;
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(saved);
        Backends.reset();
    }

    private static Tensor arg(int i) {
        return (Tensor) lastArgs[i];
    }

    @Test
    void binaryFunctionsPassBothTensors() {
        Tensor a = Tensor.vector(1, 2);
        Tensor b = Tensor.vector(3, 4);
        assertSame(RESULT, Ops.subtract(a, b));
        assertEquals("subtract", lastMethod);
        assertSame(a, arg(0));
        assertSame(b, arg(1));
    }

    @Test
    void floatOverloadsBecomeRankZeroTensors() {
        Ops.add(2f, 3f);
        assertEquals("add", lastMethod);
        assertEquals(Tensor.scalar(2f), arg(0));
        assertEquals(Tensor.scalar(3f), arg(1));
        assertEquals(0, arg(0).rank());

        Tensor m = Tensor.zeros(2, 2);
        Ops.power(m, 2f);
        assertEquals("power", lastMethod);
        assertSame(m, arg(0));
        assertEquals(Tensor.scalar(2f), arg(1));

        Ops.divide(1f, m);
        assertEquals("divide", lastMethod);
        assertEquals(Tensor.scalar(1f), arg(0));
        assertSame(m, arg(1));
    }

    @Test
    void softmaxDefaultsToTheLastAxis() {
        Tensor x = Tensor.zeros(2, 3);
        Ops.softmax(x);
        assertEquals("softmax", lastMethod);
        assertEquals(-1, lastArgs[1]);
        Ops.softmax(x, 0);
        assertEquals(0, lastArgs[1]);
    }

    @Test
    void reductionsDefaultToTheWholeTensorWithoutKeepdims() {
        Tensor x = Tensor.zeros(2, 3);
        Ops.mean(x);
        assertEquals("mean", lastMethod);
        assertNull(lastArgs[1]);
        assertEquals(false, lastArgs[2]);
        Ops.max(x, 1);
        assertEquals("max", lastMethod);
        assertEquals(1, lastArgs[1]);
        assertEquals(false, lastArgs[2]);
        Ops.sum(x, -1, true);
        assertEquals("sum", lastMethod);
        assertEquals(-1, lastArgs[1]);
        assertEquals(true, lastArgs[2]);
    }

    @Test
    void argmaxWithoutAxisLooksAtTheFlattenedTensor() {
        Tensor x = Tensor.of(new float[] {1, 9, 3, 4, 5, 6}, 2, 3);
        Ops.argmax(x);
        assertEquals("argmax", lastMethod);
        assertArrayEquals(new int[] {6}, arg(0).shape());
        assertArrayEquals(x.data(), arg(0).data());
        assertEquals(0, lastArgs[1]);
    }

    @Test
    void unaryFunctionsAndClipReachTheBackend() {
        Tensor x = Tensor.vector(-1, 1);
        Ops.sigmoid(x);
        assertEquals("sigmoid", lastMethod);
        assertSame(x, arg(0));
        Ops.clip(x, -0.5f, 0.5f);
        assertEquals("clip", lastMethod);
        assertEquals(-0.5f, lastArgs[1]);
        assertEquals(0.5f, lastArgs[2]);
        Ops.matmul(x, x);
        assertEquals("matmul", lastMethod);
    }
}
