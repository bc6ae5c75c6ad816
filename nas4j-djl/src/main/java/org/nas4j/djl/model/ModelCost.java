package org.nas4j.djl.model;


/**
 * The size and compute of a network, counted from its {@link NetworkSpec} without the engine.
 *
 * <p>{@code parameters} are the trained values: convolution and linear weights, their biases where they have them
 * (the SE convolutions and the final linear layer; a convolution followed by BatchNorm has none), and 2 per
 * BatchNorm channel (gamma, beta). {@code buffers} are BatchNorm's running mean and variance, 2 per channel: they
 * are saved with the model but not trained. DJL lists them among a block's parameters too (types
 * {@code RUNNING_MEAN} and {@code RUNNING_VAR}), so DJL's total is {@code parameters + buffers}; PyTorch's
 * {@code parameters()} and the papers count only {@code parameters}.
 *
 * <p>{@code flops} are multiply-adds of the convolutions and linear layers, SE's included: a convolution costs
 * out_h x out_w x out_c x (k x k x in_c / groups), a linear layer in x out. BatchNorm, activations, pooling, the SE
 * product, residual additions and biases are left out, as in the MobileNet and MnasNet papers.
 */
public record ModelCost(long parameters, long buffers, long flops) {

    public static ModelCost of(NetworkSpec spec) {
        NetworkSettings settings = spec.settings();
        Counter counter = new Counter(settings.imageHeight(), settings.imageWidth());
        counter.conv(settings.inputChannels(), settings.stemChannels(), settings.stemKernel(),
                settings.stemStride(), 1);
        counter.batchNorm(settings.stemChannels());
        for (LayerSpec layer : spec.layers()) {
            counter.layer(layer);
        }
        counter.conv(spec.lastChannels(), settings.headChannels(), 1, 1, 1);
        counter.batchNorm(settings.headChannels());
        counter.linear(settings.headChannels(), settings.classes(), true);
        return new ModelCost(counter.parameters, counter.buffers, counter.flops);
    }

    /** The output size of a convolution with padding kernel / 2, as {@link NetworkBuilder} builds it. */
    public static int outputSize(int size, int kernel, int stride) {
        return (size + 2 * (kernel / 2) - kernel) / stride + 1;
    }

    /** Walks the network in order, tracking the feature map size. */
    private static final class Counter {
        private int height;
        private int width;
        private long parameters;
        private long buffers;
        private long flops;

        Counter(int height, int width) {
            this.height = height;
            this.width = width;
        }

        void layer(LayerSpec layer) {
            int in = layer.inChannels();
            int out = layer.outChannels();
            if (layer.block() == BlockType.CONV) {
                conv(in, out, layer.kernel(), layer.stride(), 1);
                batchNorm(out);
                return;
            }
            int wide = layer.depthwiseChannels();
            if (layer.hasExpansion()) {
                conv(in, wide, 1, 1, 1);
                batchNorm(wide);
            }
            conv(wide, wide, layer.kernel(), layer.stride(), wide);
            batchNorm(wide);
            if (layer.hasSqueezeExcitation()) {
                // Two 1 x 1 convolutions with bias on the pooled 1 x 1 map.
                linear(wide, layer.squeezeChannels(), true);
                linear(layer.squeezeChannels(), wide, true);
            }
            conv(wide, out, 1, 1, 1);
            batchNorm(out);
        }

        /** A convolution without bias (BatchNorm follows); moves to the output size. */
        void conv(int in, int out, int kernel, int stride, int groups) {
            height = outputSize(height, kernel, stride);
            width = outputSize(width, kernel, stride);
            long weightsPerOutput = (long) kernel * kernel * (in / groups);
            parameters += weightsPerOutput * out;
            flops += (long) height * width * out * weightsPerOutput;
        }

        void batchNorm(int channels) {
            parameters += 2L * channels;
            buffers += 2L * channels;
        }

        void linear(int in, int out, boolean bias) {
            parameters += (long) in * out + (bias ? out : 0);
            flops += (long) in * out;
        }
    }
}
