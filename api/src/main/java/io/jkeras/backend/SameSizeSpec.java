package io.jkeras.backend;

/** A layer whose output has as many features per sample as its input, such as an activation or a dropout. */
public sealed interface SameSizeSpec extends LayerSpec permits ActivationSpec, DropoutSpec {

    /** Features per sample, in and out. */
    int size();

    @Override
    default int inputSize() {
        return size();
    }

    @Override
    default int outputSize() {
        return size();
    }
}
