package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import io.jkeras.backend.dl4j.ops.Nd4jTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer of the dl4j backend: Keras 3's update rule over the network's whole flat parameter
 * vector at once (every Keras rule is elementwise, so one vector holding every variable gives the
 * same result as variable by variable). DL4J's own updaters are not used: their Nesterov
 * momentum, AdaGrad start and epsilon placement differ from Keras's.
 *
 * <p>The rule runs as one Java loop over heap copies of the parameters and gradient, with the
 * state on the heap too: a chain of ND4J elementwise ops would make a full pass over the vector
 * per op, plus an op object and a native call each. On the CPU the copies are plain memory copies
 * of ND4J's buffers; on a GPU they go through ND4J's host/device synchronisation. The learning
 * rate is read from the Keras optimizer at every step.
 */
public abstract class Dl4jOptimizer {
    private final Optimizer spec;
    /** The parameters, copied in before and out after each update. */
    private final float[] w;
    /** The gradient, copied in before each update. */
    private final float[] g;

    /** An optimizer following {@code spec}'s learning rate, over {@code size} parameters. */
    protected Dl4jOptimizer(Optimizer spec, int size) {
        this.spec = spec;
        this.w = new float[size];
        this.g = new float[size];
    }

    /**
     * The dl4j optimizer for this specification.
     *
     * @param spec the Keras optimizer; its learning rate is read at every step
     * @param size the length of the flat parameter vector
     */
    public static Dl4jOptimizer of(Optimizer spec, long size) {
        int n = Math.toIntExact(size);
        if (spec instanceof SGD s) {
            return new Dl4jSGD(s, n);
        } else if (spec instanceof AdamW a) {
            return new Dl4jAdamW(a, n);
        } else if (spec instanceof Adam a) {
            return new Dl4jAdam(a, n);
        } else if (spec instanceof RMSprop r) {
            return new Dl4jRMSprop(r, n);
        } else if (spec instanceof Adagrad a) {
            return new Dl4jAdagrad(a, n);
        }
        throw new IllegalArgumentException("The dl4j backend has no optimizer " + spec.name());
    }

    /**
     * Applies one update.
     *
     * @param params every parameter, a contiguous float32 vector, updated in place
     * @param grads the summed gradient of the loss, the same length
     * @param divisor what the gradient is divided by first (the batch size for Keras's mean, or 1);
     *     dividing inside the update gives the same values as dividing the vector beforehand
     * @param step Keras's step counter for this update, 1 for the first
     */
    public final void step(INDArray params, INDArray grads, float divisor, long step) {
        Nd4jTensors.copyOut(params, w);
        Nd4jTensors.copyOut(grads, g);
        update(w, g, divisor, spec.getLearningRate(), step);
        Nd4jTensors.copyInto(w, params);
    }

    /**
     * Updates {@code w} in place.
     *
     * @param w the parameters
     * @param g the summed gradient; the gradient is {@code g[i] / divisor}
     * @param divisor the gradient's divisor
     * @param lr the current learning rate
     * @param step the step counter, from 1
     */
    protected abstract void update(float[] w, float[] g, float divisor, float lr, long step);


    /** {@code sqrt(x)} rounded to float32, as ND4J's float sqrt gives it. */
    protected static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }
}
