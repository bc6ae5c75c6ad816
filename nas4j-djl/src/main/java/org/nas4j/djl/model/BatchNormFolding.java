package org.nas4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The inference form of a network: each BatchNorm that follows a convolution is folded into that convolution's
 * weights and bias, as a deployed network runs. In inference BatchNorm is a fixed per-channel scale and shift, so
 * {@code bn(conv(x)) = conv'(x)} with {@code w' = w * s} and {@code b' = beta + (b - mean) * s}, where
 * {@code s = gamma / sqrt(var + eps)}: one pass over each activation map fewer, the same outputs up to rounding.
 */
public final class BatchNormFolding {
    /** DJL's BatchNorm epsilon, which {@link NetworkBuilder} keeps. */
    static final float EPSILON = 1e-5f;

    private BatchNormFolding() {
    }

    /** The operations with each convolution followed by a BatchNorm replaced by one convolution with a bias. */
    public static List<Op> fold(List<Op> ops) {
        List<Op> folded = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op instanceof Op.Conv c && followedByBatchNorm(ops, i)) {
                folded.add(new Op.Conv(c.in(), c.out(), c.kernel(), c.stride(), c.groups(), true));
                i++;
            } else if (op instanceof Op.Residual r) {
                folded.add(new Op.Residual(fold(r.body())));
            } else {
                folded.add(op);
            }
        }
        return List.copyOf(folded);
    }

    /**
     * The folded form of an untrained network, built folded directly and initialized in {@code manager}: what a
     * latency measurement needs, since latency does not depend on the parameters' values.
     *
     * @param inputShape the shape of an input batch, to initialize the network with
     */
    public static SequentialBlock untrained(List<Op> ops, Shape inputShape, NDManager manager) {
        SequentialBlock folded = NetworkBuilder.sequence(fold(ops));
        folded.initialize(manager, DataType.FLOAT32, inputShape);
        return folded;
    }

    /** {@link #untrained(List, Shape, NDManager)} for {@code spec}, initialized for one image of its input. */
    public static SequentialBlock untrained(NetworkSpec spec, NDManager manager) {
        return untrained(NetworkOps.of(spec), NetworkBuilder.inputShape(spec.settings(), 1), manager);
    }

    /**
     * Builds the folded form of {@code trained}, a network that {@link NetworkBuilder} built from {@code ops}, with
     * its parameters in {@code manager}; {@code trained} is left as it is.
     *
     * @param inputShape the shape of an input batch, to initialize the folded network with
     */
    public static SequentialBlock of(List<Op> ops, Block trained, Shape inputShape, NDManager manager) {
        SequentialBlock folded = untrained(ops, inputShape, manager);
        // DJL lists a block's parameters depth first, in the order its operations run.
        Iterator<Parameter> from = trained.getParameters().values().iterator();
        Iterator<Parameter> to = folded.getParameters().values().iterator();
        try (NDManager scratch = manager.newSubManager()) {
            copy(ops, from, to, scratch);
        }
        if (from.hasNext() || to.hasNext()) {
            throw new IllegalArgumentException("the trained network does not match its operations");
        }
        return folded;
    }

    private static void copy(List<Op> ops, Iterator<Parameter> from, Iterator<Parameter> to, NDManager scratch) {
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op instanceof Op.Conv c && followedByBatchNorm(ops, i)) {
                foldInto(c, from, to, scratch);
                i++;
            } else if (op instanceof Op.Residual r) {
                copy(r.body(), from, to, scratch);
            } else {
                for (int p = 0; p < parameterCount(op); p++) {
                    NDArray source = next(from).getArray();
                    setValues(next(to).getArray(), source.duplicate(), scratch);
                }
            }
        }
    }

    private static void foldInto(Op.Conv conv, Iterator<Parameter> from, Iterator<Parameter> to, NDManager scratch) {
        // Copies in the scratch manager: the engine puts an operation's result in its first input's manager.
        NDArray weight = copyInto(next(from), scratch);
        NDArray bias = conv.bias() ? copyInto(next(from), scratch) : scratch.zeros(new Shape(conv.out()));
        NDArray gamma = copyInto(next(from), scratch);
        NDArray beta = copyInto(next(from), scratch);
        NDArray mean = copyInto(next(from), scratch);
        NDArray variance = copyInto(next(from), scratch);
        if (gamma.size() != conv.out()) {
            throw new IllegalArgumentException("the trained network does not match its operations: a BatchNorm of "
                    + gamma.size() + " channels after a convolution to " + conv.out());
        }
        NDArray scale = gamma.div(variance.add(scratch.create(EPSILON)).sqrt());
        setValues(next(to).getArray(), weight.mul(scale.reshape(conv.out(), 1, 1, 1)), scratch);
        setValues(next(to).getArray(), beta.add(bias.sub(mean).mul(scale)), scratch);
    }

    private static NDArray copyInto(Parameter parameter, NDManager scratch) {
        NDArray copy = parameter.getArray().duplicate();
        copy.attach(scratch);
        return copy;
    }

    private static Parameter next(Iterator<Parameter> parameters) {
        if (!parameters.hasNext()) {
            throw new IllegalArgumentException("the trained network does not match its operations");
        }
        return parameters.next();
    }

    /**
     * Gives {@code parameter} the values of {@code values}, a new array, by taking over its memory: no copy, and none
     * of the engine's copy calls, which warn about a deprecated mode in this PyTorch.
     */
    private static void setValues(NDArray parameter, NDArray values, NDManager scratch) {
        values.attach(scratch); // freed with the scratch arrays if the shapes do not match
        if (!values.getShape().equals(parameter.getShape())) {
            throw new IllegalArgumentException("the trained network does not match its operations: a parameter of "
                    + "shape " + values.getShape() + " where " + parameter.getShape() + " was expected");
        }
        parameter.intern(values);
    }

    private static boolean followedByBatchNorm(List<Op> ops, int i) {
        return i + 1 < ops.size() && ops.get(i + 1) instanceof Op.BatchNorm;
    }

    /** The parameters DJL keeps for an operation that is not folded, in its order. */
    private static int parameterCount(Op op) {
        if (op instanceof Op.Conv c) {
            return c.bias() ? 2 : 1;
        } else if (op instanceof Op.BatchNorm) {
            return 4; // gamma, beta, running mean, running variance
        } else if (op instanceof Op.SqueezeExcite) {
            return 4; // two 1 x 1 convolutions with bias
        } else if (op instanceof Op.Linear) {
            return 2;
        }
        return 0;
    }
}
