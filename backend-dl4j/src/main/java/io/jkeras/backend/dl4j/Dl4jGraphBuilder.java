package io.jkeras.backend.dl4j;

import io.jkeras.activations.Activation;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.BatchNormalizationSpec;
import io.jkeras.backend.ConcatenateSpec;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.DropoutSpec;
import io.jkeras.backend.GatherSpec;
import io.jkeras.backend.EmbeddingSpec;
import io.jkeras.backend.GlobalPoolingSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.LayerNormSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.backend.MaskingSpec;
import io.jkeras.backend.MergeSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.NodeSpec;
import io.jkeras.backend.PadCropSpec;
import io.jkeras.backend.PermuteSpec;
import io.jkeras.backend.PoolingSpec;
import io.jkeras.backend.RepeatVectorSpec;
import io.jkeras.backend.BidirectionalSpec;
import io.jkeras.backend.RecurrentSpec;
import io.jkeras.backend.ReshapeSpec;
import io.jkeras.backend.SliceSpec;
import io.jkeras.backend.TimeDistributedSpec;
import io.jkeras.backend.UpSamplingSpec;
import io.jkeras.backend.Window;
import io.jkeras.backend.dl4j.layers.Dl4jActivations;
import io.jkeras.backend.dl4j.layers.Dl4jBatchNormalization;
import io.jkeras.backend.dl4j.layers.Dl4jConv;
import io.jkeras.backend.dl4j.layers.Dl4jDense;
import io.jkeras.backend.dl4j.layers.Dl4jDropout;
import io.jkeras.backend.dl4j.layers.Dl4jEmbedding;
import io.jkeras.backend.dl4j.layers.Dl4jGatherPreProcessor;
import io.jkeras.backend.dl4j.layers.Dl4jMaskedAveragePreProcessor;
import io.jkeras.backend.dl4j.layers.Dl4jImagePreProcessor;
import io.jkeras.backend.dl4j.layers.Dl4jLayerNorm;
import io.jkeras.backend.dl4j.layers.Dl4jMasking;
import io.jkeras.backend.dl4j.layers.Dl4jRecurrentLayer;
import io.jkeras.backend.dl4j.layers.Dl4jRowsPreProcessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Turns a {@link ModelSpec} into a DL4J {@link ComputationGraphConfiguration}. Every activation is
 * {@code (batch, values per sample)}, row-major, whatever the per-sample shape, so most Keras
 * layers map one to one; only between image layers does a tensor live as DL4J's NCHW images:
 *
 * <ul>
 *   <li>Dense: a {@code DenseLayer}; on a sample of rank 2 or more, a {@link Dl4jRowsPreProcessor}
 *       in front makes one row per position ({@code (b, t*f)} to {@code (b*t, f)}) and a
 *       {@code PreprocessorVertex} behind turns the rows back ({@code (b*t, u)} to {@code (b, t*u)}).
 *       Softmax on a sample of rank 2 or more is regrouped the same way.</li>
 *   <li>Add, Subtract, Multiply, Average, Maximum: an {@code ElementWiseVertex}. Minimum, which DL4J
 *       lacks, is {@code -max(-a, -b, ...)} with {@code ScaleVertex(-1)}s.</li>
 *   <li>Concatenate: a {@code MergeVertex} when the axis is the first per-sample axis (then every
 *       input is one block per sample); on a later axis each input is first regrouped into one row
 *       per block ({@code (b*outer, block_i)}), merged, and regrouped back.</li>
 *   <li>Conv1D/2D, MaxPooling and AveragePooling 1D/2D: a {@code ConvolutionLayer} or
 *       {@code SubsamplingLayer} in NCHW, DL4J's native layout (one spatial axis is an image of
 *       height 1). Their outputs stay NCHW images from one image layer to the next; a
 *       {@code PreprocessorVertex} with a {@link Dl4jImagePreProcessor} permutes rows
 *       ({@code channels_last}) into images where a tensor first reaches an image layer, and images
 *       back into rows where something else first reads one (Flatten, Dense, a merge, a loss), each
 *       made once per tensor. A softmax convolution runs linear, then softmax on rows of its
 *       filters. Global pooling: a {@code GlobalPoolingLayer} over the images' height
 *       and width, which gives rows of channels; GlobalAveragePooling1D with a mask: a
 *       {@code PreprocessorVertex} ({@link Dl4jMaskedAveragePreProcessor}) over the sequence merged with
 *       the mask's source.</li>
 *   <li>ZeroPadding2D, Cropping2D, UpSampling2D (nearest): DL4J's {@code ZeroPaddingLayer},
 *       {@code Cropping2D} and {@code Upsampling2D}, image layers in NCHW as the convolutions.
 *       RepeatVector, Permute and the slices of a multi-output call (a recurrent layer's packed
 *       output and states): a {@code PreprocessorVertex} running the spec's index map
 *       ({@link Dl4jGatherPreProcessor}).</li>
 *   <li>TimeDistributed: the inner layer's vertices on rows of one step ({@code (b, t*f)} to
 *       {@code (b*t, f)}, as for Dense), and a {@code PreprocessorVertex} that turns the rows back.</li>
 *   <li>LayerNormalization: a SameDiff layer on rows of the whole sample
 *       ({@link io.jkeras.backend.dl4j.layers.Dl4jLayerNormConf}).</li>
 *   <li>Reshape and Flatten move no value: the tensor is another name for its input's vertex.</li>
 *   <li>A layer called at several nodes is one DL4J layer per node; {@link Dl4jModel} keeps their
 *       values equal and gives each the sum of their gradients.</li>
 *   <li>A tensor fed to one node several times goes through a {@code ScaleVertex(1)} for each
 *       repeat, so that every input of a DL4J vertex is a different vertex and DL4J sums the
 *       gradients of the branches.</li>
 *   <li>Each output ends in DL4J's loss: fused into the output's Dense ({@code OutputLayer}) or
 *       Activation ({@code LossLayer}) when nothing else reads the output and its samples are
 *       rows of one axis, else a {@code LossLayer} with the identity behind it.</li>
 * </ul>
 */
final class Dl4jGraphBuilder {
    private final ModelSpec model;
    private final ILossFunction[] losses;
    private final ComputationGraphConfiguration.GraphBuilder graph;
    /** The DL4J vertex holding each tensor of the model as rows {@code (batch, values per sample)}, once made. */
    private final Map<String, String> vertexOf = new HashMap<>();
    /** The DL4J vertex holding a tensor as NCHW images, for the tensors image layers made or read. */
    private final Map<String, Image> images = new HashMap<>();
    /** How many nodes read each tensor. */
    private final Map<String, Integer> readers = new HashMap<>();
    /** For each layer, the DL4J layer vertex of each of its nodes. */
    private final Map<String, List<String>> layerVertices = new LinkedHashMap<>();
    private final String[] outputVertices;

    /**
     * @param model the graph
     * @param losses one DL4J loss per output of the model
     */
    Dl4jGraphBuilder(ModelSpec model, ILossFunction[] losses) {
        this.model = model;
        this.losses = losses.clone();
        this.graph = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .weightInit(WeightInit.ZERO)
                .graphBuilder()
                .allowDisconnected(true);
        this.outputVertices = new String[model.outputs().size()];
        for (InputSpec in : model.inputs()) {
            graph.addInputs(in.name());
            vertexOf.put(in.name(), in.name());
        }
        for (NodeSpec n : model.nodes()) {
            for (String t : n.inputs()) {
                readers.merge(t, 1, Integer::sum);
            }
        }
        for (LayerSpec l : model.layers()) {
            layerVertices.put(l.name(), new ArrayList<>());
        }
        Map<String, int[]> shapes = model.tensorShapes();
        for (NodeSpec n : model.nodes()) {
            int output = fusableOutput(n.output(), shapes.get(n.output()));
            NodeBuilder b = new NodeBuilder(n, output < 0 ? null : losses[output]);
            b.build(model.layer(n.layer()));
            if (b.fused) {
                outputVertices[output] = n.output();
            }
        }
        for (int i = 0; i < outputVertices.length; i++) {
            if (outputVertices[i] == null) {
                String t = model.outputs().get(i);
                int[] shape = shapes.get(t);
                int width = lastAxis(shape);
                int size = size(shape);
                String v = t + "/output" + i;
                Layer loss = Dl4jActivations.lossLayer(v, new ActivationIdentity(), width, losses[i]);
                if (size == width) {
                    graph.addLayer(v, loss, rows(t));
                } else {
                    graph.addLayer(v, loss, new Dl4jRowsPreProcessor(size, width), rows(t));
                }
                outputVertices[i] = v;
            }
        }
        graph.setOutputs(outputVertices);
    }

    /** The configuration. */
    ComputationGraphConfiguration build() {
        return graph.build();
    }

    /** The DL4J layer vertices that run each layer, one per node, by layer name. */
    Map<String, List<String>> layerVertices() {
        return layerVertices;
    }

    /** A tensor held as NCHW images {@code (batch, channels, height, width)} by DL4J vertex {@code vertex}. */
    private record Image(String vertex, int height, int width, int channels) {
    }

    /** The vertex holding {@code tensor} as rows; for an image, a permuting copy made the first time it is asked for. */
    private String rows(String tensor) {
        String v = vertexOf.get(tensor);
        if (v == null) {
            Image image = images.get(tensor);
            v = tensor + "/nhwc";
            graph.addVertex(v, new PreprocessorVertex(Dl4jImagePreProcessor.toRows(image.height(), image.width(),
                    image.channels())), image.vertex());
            vertexOf.put(tensor, v);
        }
        return v;
    }

    /**
     * The vertex holding {@code tensor} as NCHW images of {@code (h, w, c)} {@code hwc}; for rows, a
     * permuting copy made the first time it is asked for.
     */
    private String image(String tensor, int[] hwc) {
        Image image = images.get(tensor);
        if (image == null) {
            String v = tensor + "/nchw";
            graph.addVertex(v, new PreprocessorVertex(Dl4jImagePreProcessor.toImage(hwc[0], hwc[1], hwc[2])),
                    rows(tensor));
            image = new Image(v, hwc[0], hwc[1], hwc[2]);
            images.put(tensor, image);
        } else if (image.height() != hwc[0] || image.width() != hwc[1] || image.channels() != hwc[2]) {
            // A tensor's rank fixes how image layers see it (a sequence is an image of height 1).
            throw new IllegalStateException("Tensor '" + tensor + "' read as images of two shapes.");
        }
        return image.vertex();
    }

    /** The index of the output this tensor is, if its loss can be fused into its node; else -1. */
    private int fusableOutput(String tensor, int[] shape) {
        int index = model.outputs().indexOf(tensor);
        if (index < 0 || model.outputs().lastIndexOf(tensor) != index || readers.containsKey(tensor)
                || lastAxis(shape) != size(shape)) {
            return -1;
        }
        return index;
    }

    private static int lastAxis(int[] shape) {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Adds the vertices of one node; each method returns the vertex holding the node's output. */
    private final class NodeBuilder implements LayerSpec.Visitor<String> {
        private final String out;
        private final List<String> inputs;
        /** The vertices of the node's inputs as rows, made when a layer first reads them as rows. */
        private String[] in;
        private final ILossFunction loss;
        /** Whether the node's layer computes the loss of its output. */
        boolean fused;
        /** The layer whose vertices this node's layers are, when it runs a TimeDistributed's inner layer; else null. */
        private String owner;

        NodeBuilder(NodeSpec node, ILossFunction loss) {
            this.out = node.output();
            this.loss = loss;
            this.inputs = node.inputs();
        }

        /**
         * Adds the vertices of {@code layer} at this node and records the vertex holding its output:
         * rows, as the visitor's methods return them, or images, which image layers record themselves.
         */
        void build(LayerSpec layer) {
            String v = layer.accept(this);
            if (v != null) {
                vertexOf.put(out, v);
            }
        }

        /** The vertices of the node's inputs as rows. */
        private String[] in() {
            if (in == null) {
                in = new String[inputs.size()];
                for (int i = 0; i < in.length; i++) {
                    String v = rows(inputs.get(i));
                    if (inputs.subList(0, i).contains(inputs.get(i))) {
                        String copy = out + "/in" + i;
                        graph.addVertex(copy, new ScaleVertex(1.0), v);
                        v = copy;
                    }
                    in[i] = v;
                }
            }
            return in;
        }

        /** The DL4J layer vertices of {@code layer} (of the wrapping layer, for a TimeDistributed's inner layer). */
        private List<String> vertices(String layer) {
            return layerVertices.get(owner != null ? owner : layer);
        }

        /** Adds the DL4J layer of this node, which computes the loss of its output if it has one. */
        private String addLayer(String layer, Layer conf, int size, int width, int outWidth) {
            addRowsLayer(layer, conf, size, width, outWidth);
            fused = loss != null;
            return out;
        }

        /** Adds the DL4J layer of this node, on rows of {@code width} when a sample has more. */
        private void addRowsLayer(String layer, Layer conf, int size, int width, int outWidth) {
            String v = size == width ? out : out + "/rows";
            if (size == width) {
                graph.addLayer(v, conf, in());
            } else {
                int rows = size / width;
                graph.addLayer(v, conf, new Dl4jRowsPreProcessor(size, width), in());
                graph.addVertex(out, new PreprocessorVertex(new Dl4jRowsPreProcessor(outWidth, (long) rows * outWidth)), v);
            }
            vertices(layer).add(v);
        }

        @Override
        public String dense(DenseSpec s) {
            int size = size(s.inputShape());
            return addLayer(s.name(), Dl4jDense.configure(s, loss), size, s.inputSize(), s.units());
        }

        @Override
        public String activation(ActivationSpec s) {
            // Only softmax mixes the values of a row; the others run on (b, size) as they are.
            int width = s.activation() == Activation.SOFTMAX ? s.lastAxis() : s.size();
            return addLayer(s.name(), Dl4jActivations.layer(s, width, loss), s.size(), width, width);
        }

        @Override
        public String dropout(DropoutSpec s) {
            graph.addLayer(out, Dl4jDropout.configure(s), in());
            vertices(s.name()).add(out);
            return out;
        }

        /** {@link #addImageLayer(String, Layer, int[], int[], String)} over a convolution's or pooling's window. */
        private String addImageLayer(String layer, Layer conf, Window w, int[] outShape, String tensor) {
            return addImageLayer(layer, conf, new int[] {w.inHeight(), w.inWidth(), w.channels()},
                    new int[] {w.outHeight(), w.outWidth(), outShape[outShape.length - 1]}, tensor);
        }

        /**
         * Adds an image layer on the NCHW images of the node's input (of {@code (h, w, c)} {@code inImage}) and
         * records its output as images of {@code outImage} under {@code tensor}; null, as the output is no rows.
         */
        private String addImageLayer(String layer, Layer conf, int[] inImage, int[] outImage, String tensor) {
            String v = out + "/image";
            graph.addLayer(v, conf, image(inputs.get(0), inImage));
            vertices(layer).add(v);
            images.put(tensor, new Image(v, outImage[0], outImage[1], outImage[2]));
            return null;
        }

        @Override
        public String padCrop(PadCropSpec s) {
            Layer conf = s.mode() == PadCropSpec.Mode.ZERO_PAD
                    ? new ZeroPaddingLayer.Builder(s.top(), s.bottom(), s.left(), s.right()).dataFormat(CNN2DFormat.NCHW)
                            .name(s.name()).build()
                    : new Cropping2D.Builder(s.top(), s.bottom(), s.left(), s.right()).dataFormat(CNN2DFormat.NCHW)
                            .name(s.name()).build();
            return addImageLayer(s.name(), conf, s.inputShape(), s.outputShape(), out);
        }

        @Override
        public String upSampling(UpSamplingSpec s) {
            Layer conf = new Upsampling2D.Builder().size(new int[] {s.rows(), s.cols()}).dataFormat(CNN2DFormat.NCHW)
                    .name(s.name()).build();
            return addImageLayer(s.name(), conf, s.inputShape(), s.outputShape(), out);
        }

        @Override
        public String repeatVector(RepeatVectorSpec s) {
            return gather(s);
        }

        @Override
        public String permute(PermuteSpec s) {
            return gather(s);
        }

        @Override
        public String slice(SliceSpec s) {
            return gather(s);
        }

        /**
         * The inner layer on rows of one step ({@code (b, steps * in)} to {@code (b * steps, in)}, the
         * same memory), built as its own node would be, and its rows back into samples.
         */
        @Override
        public String timeDistributed(TimeDistributedSpec s) {
            int stepIn = size(s.inner().inputShape());
            int stepOut = size(s.inner().outputShape());
            String steps = out + "/steps";
            graph.addVertex(steps, new PreprocessorVertex(new Dl4jRowsPreProcessor((long) s.steps() * stepIn, stepIn)), in()[0]);
            vertexOf.put(steps, steps);
            NodeBuilder inner = new NodeBuilder(new NodeSpec(s.inner().name(), List.of(steps), out + "/step"), null);
            inner.owner = s.name();
            inner.build(s.inner());
            String v = rows(out + "/step");
            graph.addVertex(out, new PreprocessorVertex(new Dl4jRowsPreProcessor(stepOut, (long) s.steps() * stepOut)), v);
            return out;
        }

        private String gather(GatherSpec s) {
            graph.addVertex(out, new PreprocessorVertex(Dl4jGatherPreProcessor.of(s)), in());
            return out;
        }

        @Override
        public String layerNorm(LayerNormSpec s) {
            graph.addLayer(out, Dl4jLayerNorm.configure(s), in());
            vertices(s.name()).add(out);
            return out;
        }

        @Override
        public String conv(ConvSpec s) {
            if (Dl4jConv.fusesActivation(s)) {
                return addImageLayer(s.name(), Dl4jConv.configure(s), s.window(), s.outputShape(), out);
            }
            String linear = out + "/linear";
            addImageLayer(s.name(), Dl4jConv.configure(s), s.window(), s.outputShape(), linear);
            String v = out + "/softmax";
            int size = size(s.outputShape());
            graph.addLayer(v, Dl4jActivations.layer(new ActivationSpec(s.name(), s.outputShape(), s.activation()),
                    s.filters(), null), new Dl4jRowsPreProcessor(size, s.filters()), rows(linear));
            graph.addVertex(out + "/softmaxRows", new PreprocessorVertex(new Dl4jRowsPreProcessor(s.filters(), size)), v);
            return out + "/softmaxRows";
        }

        @Override
        public String pooling(PoolingSpec s) {
            return addImageLayer(s.name(), Dl4jConv.configure(s), s.window(), s.outputShape(), out);
        }

        @Override
        public String globalPooling(GlobalPoolingSpec s) {
            if (s.mask() != null) {
                // The mask's source travels in the same rows, after the sequence, as for a recurrent layer.
                graph.addVertex(out, new PreprocessorVertex(Dl4jMaskedAveragePreProcessor.of(s)), withMask());
                return out;
            }
            int[] shape = s.inputShape();
            int height = shape.length == 3 ? shape[0] : 1;
            int width = shape[shape.length - 2];
            graph.addLayer(out, Dl4jConv.configure(s), image(inputs.get(0), new int[] {height, width, s.channels()}));
            vertices(s.name()).add(out);
            return out;
        }

        @Override
        public String batchNormalization(BatchNormalizationSpec s) {
            addRowsLayer(s.name(), Dl4jBatchNormalization.configure(s), size(s.shape()), s.channels(), s.channels());
            return out;
        }

        @Override
        public String embedding(EmbeddingSpec s) {
            String v = addLayer(s.name(), Dl4jEmbedding.configure(s), s.indices(), 1, s.outputDim());
            // DL4J's EmbeddingLayer computes no loss: an output Embedding gets its own LossLayer.
            fused = false;
            return v;
        }

        @Override
        public String recurrent(RecurrentSpec s) {
            graph.addLayer(out, Dl4jRecurrentLayer.configure(s), recurrentInput(s));
            vertices(s.name()).add(out);
            return out;
        }

        /** The vertex a recurrent layer reads: the node's input, with the mask's source when it has one. */
        private String recurrentInput(RecurrentSpec s) {
            if (s.mask() == null) {
                return in()[0];
            }
            // The mask's source travels in the same rows, after the sequence: (b, t * f + source).
            return withMask();
        }

        /** A vertex of rows {@code (b, sequence + mask source)}: the node's inputs merged. */
        private String withMask() {
            String input = out + "/withMask";
            graph.addVertex(input, new MergeVertex(), in());
            return input;
        }

        /**
         * Both directions as DL4J layers (the layer's vertices alternate forward, backward), the
         * backward sequence reversed in time by an index map, then merged as Keras merges them.
         */
        @Override
        public String bidirectional(BidirectionalSpec s) {
            String f = out + "/forward";
            String b = out + "/backward";
            String input = recurrentInput(s.forward());
            graph.addLayer(f, Dl4jRecurrentLayer.configure(s.forward()), input);
            graph.addLayer(b, Dl4jRecurrentLayer.configure(s.backward()), input);
            vertices(s.name()).add(f);
            vertices(s.name()).add(b);
            if (s.returnSequences()) {
                String reversed = out + "/reversed";
                graph.addVertex(reversed, new PreprocessorVertex(Dl4jGatherPreProcessor.reverseSteps(s.forward().timesteps(),
                        s.units())), b);
                b = reversed;
            }
            int steps = s.returnSequences() ? s.forward().timesteps() : 1;
            switch (s.mergeMode()) {
                case CONCAT -> concatBlocks(new String[] {f, b}, steps, new int[] {s.units(), s.units()});
                case SUM -> graph.addVertex(out, new ElementWiseVertex(ElementWiseVertex.Op.Add), f, b);
                case MUL -> graph.addVertex(out, new ElementWiseVertex(ElementWiseVertex.Op.Product), f, b);
                case AVE -> graph.addVertex(out, new ElementWiseVertex(ElementWiseVertex.Op.Average), f, b);
            }
            return out;
        }

        @Override
        public String masking(MaskingSpec s) {
            String v = addLayer(s.name(), Dl4jMasking.configure(s), s.size(), s.features(), s.features());
            fused = false;
            return v;
        }

        @Override
        public String reshape(ReshapeSpec s) {
            return in()[0];
        }

        @Override
        public String merge(MergeSpec s) {
            ElementWiseVertex.Op op = switch (s.op()) {
                case ADD -> ElementWiseVertex.Op.Add;
                case SUBTRACT -> ElementWiseVertex.Op.Subtract;
                case MULTIPLY -> ElementWiseVertex.Op.Product;
                case AVERAGE -> ElementWiseVertex.Op.Average;
                case MAXIMUM, MINIMUM -> ElementWiseVertex.Op.Max;
            };
            if (s.op() != MergeSpec.Op.MINIMUM) {
                graph.addVertex(out, new ElementWiseVertex(op), in());
                return out;
            }
            // min(a, b, ...) = -max(-a, -b, ...); ties still send the gradient to the first input.
            String[] negated = new String[in().length];
            for (int i = 0; i < negated.length; i++) {
                negated[i] = out + "/neg" + i;
                graph.addVertex(negated[i], new ScaleVertex(-1.0), in()[i]);
            }
            graph.addVertex(out + "/max", new ElementWiseVertex(op), negated);
            graph.addVertex(out, new ScaleVertex(-1.0), out + "/max");
            return out;
        }

        @Override
        public String concatenate(ConcatenateSpec s) {
            int[] sizes = new int[in().length];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = s.block(i);
            }
            concatBlocks(in(), s.outer(), sizes);
            return out;
        }

        /** Joins {@code inputs}, each {@code outer} blocks of its size per sample, block by block, into vertex {@code out}. */
        private void concatBlocks(String[] inputs, int outer, int[] sizes) {
            if (outer == 1) {
                graph.addVertex(out, new MergeVertex(), inputs);
                return;
            }
            String[] blocks = new String[inputs.length];
            long total = 0;
            for (int i = 0; i < inputs.length; i++) {
                int block = sizes[i];
                total += block;
                blocks[i] = out + "/blocks" + i;
                graph.addVertex(blocks[i], new PreprocessorVertex(new Dl4jRowsPreProcessor((long) outer * block, block)),
                        inputs[i]);
            }
            graph.addVertex(out + "/merge", new MergeVertex(), blocks);
            graph.addVertex(out, new PreprocessorVertex(new Dl4jRowsPreProcessor(total, outer * total)), out + "/merge");
        }
    }
}
