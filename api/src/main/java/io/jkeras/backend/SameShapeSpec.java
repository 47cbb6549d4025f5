package io.jkeras.backend;

import java.util.List;

/** A layer without weights whose output has its input's per-sample shape: an activation or a dropout. */
public sealed interface SameShapeSpec extends LayerSpec permits ActivationSpec, DropoutSpec {

    /** The per-sample shape, in and out. */
    int[] shape();

    /** Values per sample. */
    default int size() {
        return Shapes.size(shape(), "layer '" + name() + "'");
    }

    @Override
    default List<int[]> inputShapes() {
        return List.of(shape());
    }

    @Override
    default int[] outputShape() {
        return shape();
    }
}
