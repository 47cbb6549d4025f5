package io.jkeras.backend.dl4j.optimizers;

import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An optimizer of the dl4j backend: Keras 3's update rule, applied with in-place ND4J operations
 * to the network's whole flat parameter vector at once (every Keras rule is elementwise, so one
 * vector holding every variable gives the same result as variable by variable). DL4J's own
 * updaters are not used: their Nesterov momentum, AdaGrad start and epsilon placement differ from
 * Keras's. State arrays are allocated once; the learning rate is read from the Keras optimizer at
 * every step.
 */
public abstract class Dl4jOptimizer {
    private final Optimizer spec;
    /** Scratch space the size of the parameters, reused by every step. */
    protected final INDArray tmp;

    /** An optimizer following {@code spec}'s learning rate, over parameters of this shape. */
    protected Dl4jOptimizer(Optimizer spec, long[] shape) {
        this.spec = spec;
        this.tmp = zeros(shape);
    }

    /**
     * The dl4j optimizer for this specification.
     *
     * @param spec the Keras optimizer; its learning rate is read at every step
     * @param shape the shape of the flat parameter vector
     */
    public static Dl4jOptimizer of(Optimizer spec, long[] shape) {
        if (spec instanceof SGD s) {
            return new Dl4jSGD(s, shape);
        } else if (spec instanceof AdamW a) {
            return new Dl4jAdamW(a, shape);
        } else if (spec instanceof Adam a) {
            return new Dl4jAdam(a, shape);
        } else if (spec instanceof RMSprop r) {
            return new Dl4jRMSprop(r, shape);
        } else if (spec instanceof Adagrad a) {
            return new Dl4jAdagrad(a, shape);
        }
        throw new IllegalArgumentException("The dl4j backend has no optimizer " + spec.name());
    }

    /**
     * Applies one update.
     *
     * @param params every parameter, updated in place
     * @param grads the gradient of the loss, the same length
     * @param step Keras's step counter for this update, 1 for the first
     */
    public final void step(INDArray params, INDArray grads, long step) {
        update(params, grads, spec.getLearningRate(), step);
    }

    /**
     * Updates {@code w} in place.
     *
     * @param w the parameters
     * @param g the gradient
     * @param lr the current learning rate
     * @param step the step counter, from 1
     */
    protected abstract void update(INDArray w, INDArray g, float lr, long step);

    /**
     * {@code 1 - h} as Keras computes it: in double from the hyper-parameter as the user wrote it
     * (Python floats are doubles), then rounded to float32. {@code Float.toString} gives back the
     * shortest decimal, e.g. {@code 0.999}, where {@code 1f - 0.999f} would be off by 1e-5 relative.
     */
    protected static float oneMinus(float h) {
        return (float) (1.0 - Double.parseDouble(Float.toString(h)));
    }

    /** A zeroed float32 state vector. */
    protected static INDArray zeros(long[] shape) {
        return Nd4j.zeros(DataType.FLOAT, shape);
    }
}
