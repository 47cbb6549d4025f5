package io.jkeras.backend.dl4j.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.DropoutSpec;
import io.jkeras.backend.LayerSpec;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * One Keras layer of a model compiled to DL4J: how it is configured as a DL4J layer, and its
 * weights in Keras's layout over the DL4J layer's parameter views.
 */
public abstract sealed class Dl4jLayer permits Dl4jDense, Dl4jWeightlessLayer {

    Dl4jLayer() {
    }

    /**
     * The DL4J configuration of a Keras layer.
     *
     * @param spec the Keras layer
     * @param last whether it is the model's last layer, which becomes DL4J's output layer (a
     *     Dropout is not: the model adds {@link #outputLayerAfter} behind it)
     * @param loss the loss, for the last layer
     */
    public static org.deeplearning4j.nn.conf.layers.Layer configure(LayerSpec spec, boolean last, ILossFunction loss) {
        if (spec instanceof DenseSpec d) {
            return Dl4jDense.configure(d, last, loss);
        }
        if (spec instanceof DropoutSpec d) {
            return Dl4jDropout.configure(d);
        }
        return Dl4jActivation.configure((ActivationSpec) spec, last, loss);
    }

    /**
     * The extra DL4J output layer a model ending in {@code last} needs, or {@code null}: a Dropout
     * cannot compute the loss, so an identity loss layer follows it.
     */
    public static org.deeplearning4j.nn.conf.layers.Layer outputLayerAfter(LayerSpec last, ILossFunction loss) {
        return last instanceof DropoutSpec d ? Dl4jDropout.outputLayer(d, loss) : null;
    }

    /** The layer over the initialised DL4J layer {@code layer}. */
    public static Dl4jLayer of(LayerSpec spec, Layer layer) {
        if (spec instanceof DenseSpec d) {
            return new Dl4jDense(d, layer);
        }
        if (spec instanceof DropoutSpec d) {
            return new Dl4jDropout(d, layer);
        }
        return new Dl4jActivation((ActivationSpec) spec);
    }

    /** The weights in Keras's order and shapes; copies. */
    public abstract List<Tensor> getWeights();

    /**
     * Replaces the weights.
     *
     * @throws KerasException if the count or a shape is not the layer's
     */
    public abstract void setWeights(List<Tensor> weights);

    /**
     * The layer's regularization penalty on its current weights; with {@code addGradient}, adds
     * the penalty's gradient to the layer's gradient views too.
     */
    public abstract double regularize(boolean addGradient);

    /** Whether the layer has a weight penalty, so that {@link #regularize} can change the loss or gradient. */
    public abstract boolean hasRegularizer();

    /** Checks one weight tensor's shape against what the layer expects. */
    static void checkShape(String layer, String what, Tensor t, int... expected) {
        if (!java.util.Arrays.equals(t.shape(), expected)) {
            throw new KerasException("Layer '" + layer + "' expects its " + what + " of shape "
                    + Tensor.shapeToString(expected) + ". Received: shape " + Tensor.shapeToString(t.shape()) + ".");
        }
    }
}
