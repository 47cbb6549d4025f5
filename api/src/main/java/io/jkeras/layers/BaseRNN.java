package io.jkeras.layers;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.RecurrentDropout;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.VariableSpec;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Orthogonal;
import io.jkeras.initializers.VarianceScaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share (Keras's {@code RNN} over a cell):
 * the settings, the shapes and the weights. The formulas and weight layouts are in
 * {@link RecurrentSpec}.
 *
 * <p>Input shape: {@code (batch, timesteps, features)}. Output shape: {@code (batch, units)}, or
 * {@code (batch, timesteps, units)} with {@code returnSequences}. Weights: {@code kernel
 * (features, k*units)} (default {@code glorot_uniform}), {@code recurrent_kernel (units, k*units)}
 * (default {@code orthogonal}), {@code bias} (default {@code zeros}), with {@code k} the gates.
 *
 * <p>With {@code returnState} the call has two outputs more, the final {@code h} and (LSTM) {@code c},
 * each {@code (batch, units)}.
 *
 * <p>{@code dropout} and {@code recurrentDropout} drop the step inputs and the state while training,
 * with one mask per sequence batch for each, the same at every step ({@link RecurrentDropout} says
 * which values each mask multiplies, as in Keras 3's cells); the masks are drawn from the layer's
 * seed and the training step, so every backend drops the same values. Without a seed, the layer
 * draws one from {@link io.jkeras.Keras#setRandomSeed the global seed} when it is built (only if it
 * drops anything). Inference ignores them.
 *
 * <p>Not supported yet, each refused with a {@link KerasException}: {@code stateful}, and activations
 * other than tanh, sigmoid, relu and linear.
 */
public abstract class BaseRNN extends Layer {
    private static final Set<Activation> SUPPORTED = Set.of(Activation.TANH, Activation.SIGMOID, Activation.RELU,
            Activation.LINEAR);
    private final RecurrentSpec.Cell cell;
    private final int units;
    private Activation activation = Activation.TANH;
    private Activation recurrentActivation = Activation.SIGMOID;
    private boolean useBias = true;
    private Initializer kernelInitializer = VarianceScaling.glorotUniform();
    private Initializer recurrentInitializer = new Orthogonal();
    private Initializer biasInitializer = new Constant(0f);
    private boolean returnSequences;
    private boolean goBackwards;
    private boolean zeroOutputForMask;
    private float dropout;
    private float recurrentDropout;
    private Long givenSeed;
    private long seed;
    private boolean drewSeed;
    private boolean returnState;

    BaseRNN(RecurrentSpec.Cell cell, int units) {
        if (units <= 0) {
            throw new KerasException("Received an invalid value for argument `units`, expected a positive integer, got "
                    + units + ".");
        }
        this.cell = cell;
        this.units = units;
    }

    /** The cell activation (Keras's {@code activation}, default tanh): tanh, sigmoid, relu or linear. */
    public BaseRNN activation(String name) {
        checkNotBuilt("the activation");
        this.activation = supported("activation", Activation.get(name));
        return this;
    }

    /** Whether the layer has a bias (default true). */
    public BaseRNN useBias(boolean b) {
        checkNotBuilt("useBias");
        this.useBias = b;
        return this;
    }

    /** The kernel initializer (default {@code glorot_uniform}). */
    public BaseRNN kernelInitializer(Initializer init) {
        checkNotBuilt("the kernel initializer");
        this.kernelInitializer = Objects.requireNonNull(init, "kernelInitializer");
        return this;
    }

    /** The recurrent kernel initializer (default {@code orthogonal}). */
    public BaseRNN recurrentInitializer(Initializer init) {
        checkNotBuilt("the recurrent initializer");
        this.recurrentInitializer = Objects.requireNonNull(init, "recurrentInitializer");
        return this;
    }

    /** The bias initializer (default {@code zeros}). */
    public BaseRNN biasInitializer(Initializer init) {
        checkNotBuilt("the bias initializer");
        this.biasInitializer = Objects.requireNonNull(init, "biasInitializer");
        return this;
    }

    /** Whether the output is every step's state (Keras's {@code return_sequences}, default false). */
    public BaseRNN returnSequences(boolean b) {
        checkNotBuilt("returnSequences");
        this.returnSequences = b;
        return this;
    }

    /** Whether the steps are read last to first (Keras's {@code go_backwards}, default false). */
    public BaseRNN goBackwards(boolean b) {
        checkNotBuilt("goBackwards");
        this.goBackwards = b;
        return this;
    }

    /**
     * Keras's {@code return_state} (default false): the layer's call then has several outputs, the
     * output, then the final state {@code h}, then (LSTM) the final cell state {@code c}, each
     * {@code (batch, units)}; call it with {@link Layer#applyAll} in a Functional model. A
     * Sequential model refuses such a layer (each of its layers has one output).
     */
    public BaseRNN returnState(boolean b) {
        checkNotBuilt("returnState");
        this.returnState = b;
        return this;
    }

    /**
     * Keras's {@code dropout} (default 0): the fraction of each step's input features dropped while
     * training, with one mask per sequence, the same at every step.
     *
     * @throws KerasException for a rate outside {@code [0, 1)}
     */
    public BaseRNN dropout(double rate) {
        checkNotBuilt("dropout");
        this.dropout = checkedRate("dropout", rate);
        return this;
    }

    /**
     * Keras's {@code recurrent_dropout} (default 0): the fraction of the state's units dropped
     * before the recurrent kernel while training, one mask per sequence, the same at every step;
     * for LSTM and GRU each gate then has its own masks, as in Keras 3.
     *
     * @throws KerasException for a rate outside {@code [0, 1)}
     */
    public BaseRNN recurrentDropout(double rate) {
        checkNotBuilt("recurrentDropout");
        this.recurrentDropout = checkedRate("recurrentDropout", rate);
        return this;
    }

    private float checkedRate(String what, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new KerasException(className() + " '" + nameOrPrefix() + "': " + what + " must be in [0, 1)."
                    + " Received: " + what + "=" + rate);
        }
        return (float) rate;
    }

    /** Keras's {@code seed}: the seed the dropout masks are drawn from (default: drawn from the global seed when built). */
    public BaseRNN seed(long s) {
        checkNotBuilt("the seed");
        this.givenSeed = s;
        this.seed = s;
        return this;
    }

    /**
     * Keras's {@code zero_output_for_mask} (default false): with a mask, a masked step's output is
     * zeros instead of the previous step's (the state is still kept), the last output included when
     * the last step read is masked. {@link Bidirectional} sets it to {@code returnSequences}, as Keras does.
     */
    public BaseRNN zeroOutputForMask(boolean b) {
        checkNotBuilt("zeroOutputForMask");
        this.zeroOutputForMask = b;
        return this;
    }

    @Override
    public BaseRNN name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public BaseRNN inputShape(int... shape) {
        super.inputShape(shape);
        return this;
    }

    /** Sets the gates' activation; for LSTM and GRU. */
    final void setRecurrentActivation(String name) {
        checkNotBuilt("the recurrent activation");
        this.recurrentActivation = supported("recurrentActivation", Activation.get(name));
    }

    private Activation supported(String what, Activation a) {
        if (!SUPPORTED.contains(a)) {
            throw new KerasException(className() + " '" + nameOrPrefix() + "': " + what + "=" + a.kerasName()
                    + " is not supported yet; use tanh, sigmoid, relu or linear.");
        }
        return a;
    }

    private String nameOrPrefix() {
        return getName() != null ? getName() : namePrefix();
    }

    /** The state size. */
    public int units() {
        return units;
    }

    /** The cell activation. */
    public Activation getActivation() {
        return activation;
    }

    /** The gates' activation (sigmoid by default; SimpleRNN has none). */
    public Activation getRecurrentActivation() {
        return recurrentActivation;
    }

    /** Whether the layer has a bias. */
    public boolean getUseBias() {
        return useBias;
    }

    /** The kernel initializer. */
    public Initializer getKernelInitializer() {
        return kernelInitializer;
    }

    /** The recurrent kernel initializer. */
    public Initializer getRecurrentInitializer() {
        return recurrentInitializer;
    }

    /** The bias initializer. */
    public Initializer getBiasInitializer() {
        return biasInitializer;
    }

    /** Whether the output is every step's state. */
    public boolean getReturnSequences() {
        return returnSequences;
    }

    /** Whether the steps are read last to first. */
    public boolean getGoBackwards() {
        return goBackwards;
    }

    /** Keras's Bidirectional: masked steps of returned sequences are zeros. */
    final void forceZeroOutputForMask() {
        this.zeroOutputForMask = returnSequences;
    }

    /** Whether masked steps output zeros. */
    public boolean getZeroOutputForMask() {
        return zeroOutputForMask;
    }

    /** The fraction of the step inputs dropped while training. */
    public float getDropout() {
        return dropout;
    }

    /** The fraction of the state dropped while training. */
    public float getRecurrentDropout() {
        return recurrentDropout;
    }

    /**
     * The seed of the dropout masks: the one given, or the one drawn when the layer was built
     * ({@code null} while none was given or drawn: a layer without dropout draws none).
     */
    public Long getSeed() {
        return givenSeed != null || drewSeed ? seed : null;
    }

    private boolean drops() {
        return dropout > 0 || recurrentDropout > 0;
    }

    /** Whether the call also returns the final states. */
    public boolean getReturnState() {
        return returnState;
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        if (in.length != 2) {
            throw new KerasException(className() + " '" + getName() + "' expects input of rank 3 (batch, timesteps,"
                    + " features). Received: input shape " + Shapes.withBatch(in));
        }
        return returnSequences ? new int[] {in[0], units} : new int[] {units};
    }

    /** The output, then with {@code returnState} the final {@code h} (and {@code c} for an LSTM), each {@code (units,)}. */
    @Override
    protected List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        List<int[]> out = new ArrayList<>();
        out.add(computeOutputShape(inputShapes));
        while (out.size() < outputCount()) {
            out.add(new int[] {units});
        }
        return out;
    }

    /** 1, or with {@code returnState} 2 ({@code output, h}) or, for an LSTM, 3 ({@code output, h, c}). */
    @Override
    public int outputCount() {
        return !returnState ? 1 : cell == RecurrentSpec.Cell.LSTM ? 3 : 2;
    }

    @Override
    protected List<VariableSpec> variables(List<int[]> inputShapes) {
        return spec(inputShapes.get(0), null).variables();
    }

    @Override
    protected List<Tensor> initialWeights(List<int[]> inputShapes, Random rng) {
        int width = cell.gates() * units;
        Tensor kernel = kernelInitializer.apply(new int[] {inputShapes.get(0)[1], width}, rng);
        Tensor recurrent = recurrentInitializer.apply(new int[] {units, width}, rng);
        List<Tensor> weights = useBias ? List.of(kernel, recurrent, initialBias(rng)) : List.of(kernel, recurrent);
        if (givenSeed == null && drops()) {
            // After the weights, so that a layer's weights do not depend on its dropout.
            seed = rng.nextLong();
            drewSeed = true;
        }
        return weights;
    }

    /** The initial bias, of the shape {@link RecurrentSpec#variables()} gives; LSTM overrides it. */
    Tensor initialBias(Random rng) {
        int width = cell.gates() * units;
        return biasInitializer.apply(cell == RecurrentSpec.Cell.GRU ? new int[] {2, width} : new int[] {width}, rng);
    }

    /** A new layer of the same kind (and kind-specific settings) and units, otherwise Keras's defaults. */
    abstract BaseRNN blank();

    /**
     * A new, unbuilt layer with this layer's settings, this name and this direction: how
     * {@link Bidirectional} makes its two layers (Keras recreates them from the layer's config).
     */
    final BaseRNN recreate(String newName, boolean backwards) {
        BaseRNN c = blank();
        c.activation = activation;
        c.recurrentActivation = recurrentActivation;
        c.useBias = useBias;
        c.kernelInitializer = kernelInitializer;
        c.recurrentInitializer = recurrentInitializer;
        c.biasInitializer = biasInitializer;
        c.returnSequences = returnSequences;
        c.goBackwards = backwards;
        c.zeroOutputForMask = zeroOutputForMask;
        c.dropout = dropout;
        c.recurrentDropout = recurrentDropout;
        c.givenSeed = givenSeed;
        c.seed = givenSeed == null ? 0L : givenSeed;
        c.name(newName);
        return c;
    }

    /** The backend's description of this layer on input {@code (timesteps, features)} with this mask (or none). */
    final RecurrentSpec spec(int[] in, MaskSpec mask) {
        return new RecurrentSpec(getName(), cell, in, units, activation, recurrentActivation, useBias, returnSequences,
                goBackwards, mask, zeroOutputForMask, drops() ? new RecurrentDropout(dropout, recurrentDropout, seed)
                        : RecurrentDropout.NONE, returnState);
    }

    @Override
    public LayerSpec toSpec() {
        return spec(inputShape(), null);
    }

    @Override
    public LayerSpec toSpec(MaskSpec inputMask) {
        return spec(inputShape(), inputMask);
    }

    /** Keras: a masked step keeps the state; the mask goes on with {@code returnSequences}, else it ends here. */
    @Override
    public MaskSpec outputMask(String input, int[] inputShape, MaskSpec inputMask) {
        if (inputMask != null && inputMask.steps() != inputShape[0]) {
            throw new KerasException(className() + " '" + getName() + "' receives a mask of " + inputMask.steps()
                    + " steps (from tensor '" + inputMask.source() + "' of shape " + Shapes.withBatch(inputMask.sourceShape())
                    + ") for an input of shape " + Shapes.withBatch(inputShape) + ".");
        }
        return returnSequences ? inputMask : null;
    }
}
