package io.jkeras.backend.dl4j.layers;

import io.jkeras.activations.Activation;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.RecurrentDropout;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.RecurrentSpec.Cell;
import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DL4J configuration of Keras's {@code SimpleRNN}, {@code LSTM} and {@code GRU}
 * ({@link RecurrentSpec}), run by {@link Dl4jRecurrentImpl} with Keras's formulas, gate order and
 * weight layout, so no weight is remapped. It takes the graph's rows {@code (batch, timesteps *
 * features)} (followed by the mask's source when the layer has a mask) and gives {@code (batch,
 * units)} or {@code (batch, timesteps * units)}.
 *
 * <p>Why not DL4J's own layers: DL4J has no GRU; its {@code LSTM} and {@code SimpleRnn} want 3-D
 * activations in their own gate order. A {@code SameDiffLayer} with Keras's formulas was tried
 * first: on DL4J 1.0.0-M2.1 its backward pass doubled the gradient of every parameter and input
 * when the graph unrolled a recurrence, or failed to find the output's gradient placeholder
 * ({@code No variable/placeholder with name ...-grad exists}), and SameDiff's strided-slice
 * gradient failed on the per-step slices; so forward and backward are written here over ND4J.
 */
public final class Dl4jRecurrentLayer extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    private Cell cell;
    private int steps;
    private int features;
    private int units;
    private Activation activation;
    private Activation gateActivation;
    private boolean useBias;
    private boolean returnSequences;
    private boolean goBackwards;
    private boolean returnState;
    private MaskSpec mask;
    private boolean zeroOutputForMask;
    private RecurrentDropout dropout;
    private RecurrentSpec spec;

    private Dl4jRecurrentLayer(Builder b) {
        super(b);
    }

    /** The layer of one node of this recurrent layer. */
    public static Dl4jRecurrentLayer configure(RecurrentSpec spec) {
        long maskSize = spec.mask() == null ? 0 : Shapes.size(spec.mask().sourceShape(), spec.name());
        Dl4jRecurrentLayer l = new Builder().nIn((long) spec.timesteps() * spec.features() + maskSize)
                .nOut(Shapes.size(spec.outputShape(), spec.name()))
                .activation(new ActivationIdentity()).name(spec.name()).build();
        l.cell = spec.cell();
        l.steps = spec.timesteps();
        l.features = spec.features();
        l.units = spec.units();
        l.activation = spec.activation();
        l.gateActivation = spec.recurrentActivation();
        l.useBias = spec.useBias();
        l.returnSequences = spec.returnSequences();
        l.goBackwards = spec.goBackwards();
        l.returnState = spec.returnState();
        l.mask = spec.mask();
        l.zeroOutputForMask = spec.zeroesMaskedOutput();
        l.dropout = spec.dropout();
        l.spec = spec;
        return l;
    }

    Cell cell() {
        return cell;
    }

    int steps() {
        return steps;
    }

    int features() {
        return features;
    }

    int units() {
        return units;
    }

    /** Columns of the kernels: gates times units. */
    int width() {
        return cell.gates() * units;
    }

    Activation cellActivation() {
        return activation;
    }

    Activation gateActivation() {
        return gateActivation;
    }

    boolean useBias() {
        return useBias;
    }

    boolean returnSequences() {
        return returnSequences;
    }

    boolean goBackwards() {
        return goBackwards;
    }

    /** Whether the output is packed with the final states after it ({@code RecurrentSpec.returnState}). */
    boolean returnState() {
        return returnState;
    }

    /** The mask arriving with the input, whose source follows the sequence in each row; or {@code null}. */
    MaskSpec mask() {
        return mask;
    }

    /** Whether a masked step's output is zeros (Keras's {@code zero_output_for_mask}, with a mask). */
    boolean zeroOutputForMask() {
        return zeroOutputForMask;
    }

    /** The dropout of training passes. */
    RecurrentDropout dropout() {
        return dropout;
    }

    /** The layer's specification, which fills the dropout masks. */
    RecurrentSpec spec() {
        return spec;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
            DataType networkDataType) {
        return Dl4jLayerWiring.wire(new Dl4jRecurrentImpl(conf, networkDataType), conf, listeners, layerIndex,
                paramsView, initializeParams, initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return Dl4jRecurrentParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, Dl4jRecurrentLayer.class, inputType,
                getOutputType(-1, inputType)).standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    /** DL4J's builder; sizes and settings come from {@link #configure}. */
    static final class Builder extends FeedForwardLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public Dl4jRecurrentLayer build() {
            return new Dl4jRecurrentLayer(this);
        }
    }
}
