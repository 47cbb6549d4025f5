package io.jkeras.backend.nativebackend.kernels;

import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.Backends;
import io.jkeras.backend.nativebackend.NativeBackend;
import io.jkeras.backend.nativebackend.NativeBackendProvider;

/**
 * Run by {@code GemmPoolTest} in a fresh JVM, whose pool nothing has started: starts the native
 * backend as {@code Backends} configures it (the test passes {@code -Djkeras.home} and may pass
 * {@code -Djkeras.native.threads}), then a second one asking for {@code args[0]} threads, and
 * prints {@code threads=... workers=...}: what {@link NativeBackend#threads()} reports and how many
 * pool threads are alive.
 */
public final class PoolSizeMain {
    private PoolSizeMain() {
    }

    /** Prints {@code threads=N workers=W}. */
    public static void main(String[] args) {
        Backends.create(NativeBackendProvider.NAME);
        new NativeBackendProvider().create(BackendConfig.defaults().withNativeThreads(Integer.valueOf(args[0])));
        System.out.println("threads=" + NativeBackend.threads() + " workers=" + GemmPoolTest.liveWorkers());
    }
}
