package io.jkeras.backend.dl4j.layers;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The DL4J layer of {@link Dl4jLayerNormConf}, in ND4J ops over the input seen as
 * {@code (batch * outer, n, inner)}: forward {@code xhat = (x - mean) * inv} with
 * {@code inv = 1 / sqrt(var + epsilon)} (biased variance along {@code n}), {@code y = xhat * gamma + beta};
 * backward {@code dx = inv * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))} with
 * {@code dxhat = dy * gamma}, {@code dgamma = sum(dy * xhat)}, {@code dbeta = sum(dy)}. The
 * backward pass recomputes {@code xhat} from the input DL4J keeps.
 */
final class Dl4jLayerNormLayer extends BaseLayer<Dl4jLayerNormConf> {

    Dl4jLayerNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private INDArray grouped(INDArray rows) {
        Dl4jLayerNormConf c = layerConf();
        return rows.dup('c').reshape('c', rows.size(0) * c.outer(), c.n(), c.inner());
    }

    /** {@code [xhat, inv]} of the current input. */
    private INDArray[] normalise() {
        INDArray x = grouped(input).castTo(DataType.DOUBLE);
        INDArray centred = x.sub(x.mean(true, 1));
        INDArray variance = centred.mul(centred).mean(true, 1);
        INDArray inv = Transforms.pow(variance.addi(layerConf().epsilon()), -0.5, false);
        return new INDArray[] {centred.mul(inv), inv};
    }

    private INDArray broadcastParam(String key) {
        return getParam(key).castTo(DataType.DOUBLE).reshape(1, layerConf().n(), 1);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray y = normalise()[0];
        if (layerConf().scale()) {
            y = y.mul(broadcastParam(Dl4jLayerNormConf.GAMMA));
        }
        if (layerConf().center()) {
            y = y.add(broadcastParam(Dl4jLayerNormConf.BETA));
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.shape(), 'c');
        return out.assign(y.castTo(dataType).reshape('c', input.shape()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Dl4jLayerNormConf c = layerConf();
        INDArray[] norm = normalise();
        INDArray xhat = norm[0];
        INDArray dy = grouped(epsilon).castTo(DataType.DOUBLE);
        Gradient g = new DefaultGradient(gradientsFlattened);
        if (c.scale()) {
            INDArray view = gradientViews.get(Dl4jLayerNormConf.GAMMA);
            view.assign(dy.mul(xhat).sum(0, 2).castTo(dataType).reshape(view.shape()));
            g.gradientForVariable().put(Dl4jLayerNormConf.GAMMA, view);
        }
        if (c.center()) {
            INDArray view = gradientViews.get(Dl4jLayerNormConf.BETA);
            view.assign(dy.sum(0, 2).castTo(dataType).reshape(view.shape()));
            g.gradientForVariable().put(Dl4jLayerNormConf.BETA, view);
        }
        INDArray dxhat = c.scale() ? dy.mul(broadcastParam(Dl4jLayerNormConf.GAMMA)) : dy;
        INDArray dx = dxhat.sub(dxhat.mean(true, 1)).subi(xhat.mul(dxhat.mul(xhat).mean(true, 1))).muli(norm[1]);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        return new Pair<>(g, out.assign(dx.castTo(dataType).reshape('c', input.shape())));
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public boolean hasBias() {
        return false;
    }
}
