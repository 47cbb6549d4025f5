package io.jkeras.samples;

/** One runnable sample program. */
public interface Sample {

    /** The name it is run by, e.g. {@code "regression"}. */
    String name();

    /** One line saying what it shows. */
    String description();

    /** The sample-specific options it understands, for {@code --help}; e.g. {@code "--steps N (default 1000)"}. */
    default String options() {
        return "";
    }

    /**
     * Runs the sample, printing to {@link SampleContext#out()} and writing pictures under
     * {@link SampleContext#outDir()}.
     *
     * @return the numbers it reached and the pictures it drew, for tests and for the caller
     */
    SampleResult run(SampleContext ctx);
}
