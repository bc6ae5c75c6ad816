package org.nas4j.djl.model;

import java.util.List;

/**
 * One operation of a network in the order it runs: the form {@link NetworkBuilder} turns into DJL blocks and that
 * another engine can build the same network from (the PyTorch peer of {@code nas4j bench train-step} does).
 */
public sealed interface Op {

    /** A k x k convolution padded k / 2; {@code groups == in} makes it depthwise. */
    record Conv(int in, int out, int kernel, int stride, int groups, boolean bias) implements Op {
    }

    /** Batch normalization over the channels (epsilon 1e-5, running statistics kept with momentum 0.9). */
    record BatchNorm(int channels) implements Op {
    }

    record Relu() implements Op {
    }

    /** Squeeze-and-excitation, as {@link SqueezeExcitation} computes it. */
    record SqueezeExcite(int channels, int squeeze) implements Op {
    }

    /** body(x) + x. */
    record Residual(List<Op> body) implements Op {
        public Residual {
            body = List.copyOf(body);
        }
    }

    /** The mean of each channel over the map: (N, C, H, W) to (N, C). */
    record GlobalAveragePool() implements Op {
    }

    /** A fully connected layer with bias. */
    record Linear(int in, int out) implements Op {
    }
}
