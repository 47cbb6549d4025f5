package io.jkeras.backend;

/** What a backend can do beyond the required SPI; tests skip by capability, never by class. */
public enum Capability {
    /** Runs on an NVIDIA GPU through CUDA. */
    CUDA,
    /** Uses several CPU threads for large work. */
    MULTITHREADED,
    /** Pure Java: no native code is loaded. */
    PURE_JAVA
}
