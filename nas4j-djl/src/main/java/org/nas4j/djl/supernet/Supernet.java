package org.nas4j.djl.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.Op;
import org.nas4j.djl.train.CandidateTrainer;
import org.nas4j.space.Architecture;

/**
 * One network that holds every architecture of a space: each architecture is a path through it that reads the
 * leading channels (and, entangled, the kernel centres) of the weights stored for its layers. A path computes
 * exactly the stand-alone network of its architecture with those weights; {@link #pathWeights} lists them in the
 * order that network's DJL block keeps its parameters.
 *
 * <p>BatchNorm: a training pass normalizes with the batch's statistics and also folds them into running statistics
 * kept per stored channel (only the channels the path used move); scoring a path should instead recalibrate them
 * for that path ({@link BatchNormStatistics}), since a channel's statistics depend on the layers before it.
 *
 * <p>All weights live in the supernet's own manager; every array a pass makes from them is attached to the pass's
 * manager and freed with it.
 */
public final class Supernet implements AutoCloseable {
    private static final float BN_MOMENTUM = 0.9f;
    private static final float BN_EPSILON = 1e-5f;

    private final SupernetSpace space;
    private final Sharing sharing;
    private final SupernetLayout layout;
    private final NDManager manager;
    /** Trained weights, in a fixed order (creation order), by name. */
    private final Map<String, NDArray> weights = new LinkedHashMap<>();
    /** BatchNorm running statistics ({@code <bn>.mean}, {@code <bn>.var}): kept, not trained. */
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    private Supernet(SupernetSpace space, Sharing sharing, NDManager parent) {
        this.space = space;
        this.sharing = sharing;
        this.layout = new SupernetLayout(space, sharing);
        this.manager = parent.newSubManager();
    }

    /**
     * A supernet for the space with freshly initialized weights: convolutions He-normal, BatchNorm scale 1 and
     * shift 0, kernel transforms the identity, the classifier Xavier-uniform. The same seed gives the same weights.
     */
    public static Supernet create(SupernetSpace space, Sharing sharing, NDManager parent, long seed) {
        Supernet supernet = new Supernet(space, sharing, parent);
        try {
            CandidateTrainer.seedEngine(seed);
            for (PathLayer layer : supernet.layout.storedLayers()) {
                for (NamedOp op : layer.body()) {
                    supernet.store(op);
                }
            }
            return supernet;
        } catch (RuntimeException e) {
            supernet.close();
            throw e;
        }
    }

    public SupernetSpace space() {
        return space;
    }

    public Sharing sharing() {
        return sharing;
    }

    /** The trained weights by name, in a fixed order. */
    public Map<String, NDArray> weights() {
        return Collections.unmodifiableMap(weights);
    }

    /** The number of trained values stored (every option of every layer). */
    public long parameterCount() {
        return weights.values().stream().mapToLong(w -> w.getShape().size()).sum();
    }

    /**
     * The layers of the path of {@code spec}, each operation named after the weights it reads: what a forward pass
     * interprets, for another engine to run the same path.
     */
    public List<PathLayer> path(NetworkSpec spec) {
        return layout.path(spec);
    }

    /** The running BatchNorm statistics ({@code .mean} and {@code .var} of each BatchNorm), by name. */
    Map<String, NDArray> runningStatistics() {
        return java.util.Collections.unmodifiableMap(buffers);
    }

    /** The shapes of the stored weights and running statistics, by name. */
    public Map<String, Shape> storedShapes() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        weights.forEach((name, array) -> shapes.put(name, array.getShape()));
        buffers.forEach((name, array) -> shapes.put(name, array.getShape()));
        return shapes;
    }

    /** The network of an architecture, as a path of this supernet. */
    public NetworkSpec spec(Architecture architecture) {
        return NetworkSpec.of(architecture, space.network());
    }

    private void store(NamedOp named) {
        if (!named.hasWeights() || weights.containsKey(named.name() + ".weight")
                || weights.containsKey(named.name() + ".gamma")) {
            return;
        }
        String name = named.name();
        Op op = named.op();
        if (op instanceof Op.Conv c) {
            Shape shape = new Shape(c.out(), c.in() / c.groups(), c.kernel(), c.kernel());
            long fanIn = shape.size() / c.out();
            add(name + ".weight", manager.randomNormal(0, (float) Math.sqrt(2.0 / fanIn), shape, DataType.FLOAT32));
            // The transforms that make each smaller kernel from the centre of the next larger one.
            for (int k : named.kernels().subList(Math.min(1, named.kernels().size()), named.kernels().size())) {
                add(name + ".t" + k, manager.eye(k * k));
            }
        } else if (op instanceof Op.BatchNorm bn) {
            add(name + ".gamma", manager.ones(new Shape(bn.channels())));
            add(name + ".beta", manager.zeros(new Shape(bn.channels())));
            buffers.put(name + ".mean", manager.zeros(new Shape(bn.channels())));
            buffers.put(name + ".var", manager.ones(new Shape(bn.channels())));
        } else if (op instanceof Op.SqueezeExcite se) {
            add(name + ".reduce.weight", manager.randomNormal(0, (float) Math.sqrt(2.0 / se.channels()),
                    new Shape(se.squeeze(), se.channels(), 1, 1), DataType.FLOAT32));
            add(name + ".reduce.bias", manager.zeros(new Shape(se.squeeze())));
            add(name + ".expand.weight", manager.randomNormal(0, (float) Math.sqrt(2.0 / se.squeeze()),
                    new Shape(se.channels(), se.squeeze(), 1, 1), DataType.FLOAT32));
            add(name + ".expand.bias", manager.zeros(new Shape(se.channels())));
        } else if (op instanceof Op.Linear l) {
            float bound = (float) Math.sqrt(6.0 / (l.in() + l.out()));
            add(name + ".weight", manager.randomUniform(-bound, bound, new Shape(l.out(), l.in())));
            add(name + ".bias", manager.zeros(new Shape(l.out())));
        }
    }

    private void add(String name, NDArray array) {
        array.setRequiresGradient(true);
        weights.put(name, array);
    }

    /** How a pass treats BatchNorm. */
    public enum Mode {
        /** Batch statistics, folded into the running statistics; for training. */
        TRAIN,
        /** Batch statistics, recorded in the pass's {@link BatchNormStatistics}; nothing stored changes. */
        CALIBRATE,
        /** The pass's recalibrated statistics, or the running ones where it has none; for scoring. */
        INFER
    }

    /**
     * One forward pass of the path of {@code spec} over {@code images} (B, C, H, W), giving logits (B, classes).
     * Every array it makes (weight slices and activations) is attached to {@code pass.manager()}, freed when that
     * closes; {@code pass.used()} collects the names of the weights it read, the ones this step's update touches.
     */
    public NDArray forward(NetworkSpec spec, NDArray images, Pass pass) {
        NDArray x = images;
        for (PathLayer layer : layout.path(spec)) {
            NDArray input = x;
            for (NamedOp op : layer.body()) {
                // The engine puts an operation's result beside its input; the pass's manager frees it instead.
                x = attached(apply(op, x, pass), pass);
            }
            if (layer.residual()) {
                x = attached(x.add(input), pass);
            }
        }
        return x;
    }

    /**
     * What one pass needs: where its arrays go, how BatchNorm behaves, the statistics it records or reads
     * (CALIBRATE and INFER; may be null for INFER, which then reads the running ones) and the weights it used.
     */
    public record Pass(NDManager manager, Mode mode, BatchNormStatistics statistics, Set<String> used) {
    }

    private NDArray apply(NamedOp named, NDArray x, Pass pass) {
        Op op = named.op();
        if (op instanceof Op.Conv c) {
            NDArray weight = convWeight(named, c, pass);
            return Conv2d.conv2d(x, weight, null, new Shape(c.stride(), c.stride()),
                    new Shape(c.kernel() / 2, c.kernel() / 2), new Shape(1, 1), c.groups()).singletonOrThrow();
        } else if (op instanceof Op.BatchNorm bn) {
            return batchNorm(named.name(), x, bn.channels(), pass);
        } else if (op instanceof Op.Relu) {
            return Activation.relu(x);
        } else if (op instanceof Op.SqueezeExcite se) {
            List<NDArray> w = seWeights(named.name(), se, pass);
            NDArray pooled = x.mean(new int[] {3}, true).mean(new int[] {2}, true);
            NDArray hidden = Activation.relu(Conv2d.conv2d(pooled, w.get(0), w.get(1)).singletonOrThrow());
            NDArray gate = Activation.sigmoid(Conv2d.conv2d(hidden, w.get(2), w.get(3)).singletonOrThrow());
            return x.mul(gate);
        } else if (op instanceof Op.GlobalAveragePool) {
            NDArray pooled = Pool.globalAvgPool2d(x);
            return pooled.reshape(new Shape(pooled.getShape().get(0), -1));
        } else if (op instanceof Op.Linear l) {
            NDArray weight = leading(named.name() + ".weight", new Shape(l.out(), l.in()), pass);
            NDArray bias = leading(named.name() + ".bias", new Shape(l.out()), pass);
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }
        throw new IllegalStateException("the supernet cannot run " + op);
    }

    /**
     * A convolution's weight: the leading output and input channels of the stored one, and for a smaller entangled
     * kernel the centre of each larger kernel in turn, through that size's transform.
     */
    private NDArray convWeight(NamedOp named, Op.Conv c, Pass pass) {
        String name = named.name();
        NDArray stored = weights.get(name + ".weight");
        int storedKernel = (int) stored.getShape().get(2);
        NDArray weight = leading(name + ".weight", new Shape(c.out(), c.in() / c.groups(), storedKernel,
                storedKernel), pass);
        List<Integer> chain = named.kernels();
        for (int i = 1; i < chain.size(); i++) {
            int from = chain.get(i - 1);
            int to = chain.get(i);
            int offset = (from - to) / 2;
            NDArray centre = attached(weight.get(new NDIndex().addAllDim().addAllDim()
                    .addSliceDim(offset, offset + to).addSliceDim(offset, offset + to)), pass);
            NDArray transform = leading(name + ".t" + to, new Shape(to * to, to * to), pass);
            Shape shape = centre.getShape();
            weight = attached(centre.reshape(new Shape(shape.get(0) * shape.get(1), (long) to * to))
                    .matMul(transform).reshape(shape), pass);
        }
        return weight;
    }

    private List<NDArray> seWeights(String name, Op.SqueezeExcite se, Pass pass) {
        return List.of(leading(name + ".reduce.weight", new Shape(se.squeeze(), se.channels(), 1, 1), pass),
                leading(name + ".reduce.bias", new Shape(se.squeeze()), pass),
                leading(name + ".expand.weight", new Shape(se.channels(), se.squeeze(), 1, 1), pass),
                leading(name + ".expand.bias", new Shape(se.channels()), pass));
    }

    private NDArray batchNorm(String name, NDArray x, int channels, Pass pass) {
        NDArray gamma = leading(name + ".gamma", new Shape(channels), pass);
        NDArray beta = leading(name + ".beta", new Shape(channels), pass);
        switch (pass.mode()) {
            case TRAIN:
                // Views of the running statistics: the engine updates their leading channels in place.
                return BatchNorm.batchNorm(x, buffer(name + ".mean", channels, pass),
                        buffer(name + ".var", channels, pass), gamma, beta, 1, BN_MOMENTUM, BN_EPSILON, true)
                        .singletonOrThrow();
            case CALIBRATE:
                NDArray mean = pass.manager().zeros(new Shape(channels));
                NDArray variance = pass.manager().ones(new Shape(channels));
                // Momentum 0 here is the engine's 1: the statistics become this batch's own.
                NDArray out = BatchNorm.batchNorm(x, mean, variance, gamma, beta, 1, 0f, BN_EPSILON, true)
                        .singletonOrThrow();
                pass.statistics().record(name, mean, variance, (int) x.getShape().get(0));
                return out;
            default:
                NDArray[] stats = inferenceStatistics(name, channels, pass);
                return BatchNorm.batchNorm(x, stats[0], stats[1], gamma, beta, 1, BN_MOMENTUM, BN_EPSILON, false)
                        .singletonOrThrow();
        }
    }

    /** A BatchNorm's mean and variance for inference: the pass's recalibrated ones, else the running ones. */
    private NDArray[] inferenceStatistics(String name, int channels, Pass pass) {
        BatchNormStatistics statistics = pass.statistics();
        return statistics != null && statistics.has(name) ? statistics.get(name)
                : new NDArray[] {buffer(name + ".mean", channels, pass), buffer(name + ".var", channels, pass)};
    }

    /** The leading part of a stored weight at {@code shape}, recorded as used; the stored array when it is whole. */
    private NDArray leading(String name, Shape shape, Pass pass) {
        NDArray stored = weights.get(name);
        if (stored == null) {
            throw new IllegalStateException("the supernet stores no weight '" + name + "'");
        }
        pass.used().add(name);
        return slice(stored, shape, pass);
    }

    private NDArray buffer(String name, int channels, Pass pass) {
        return slice(buffers.get(name), new Shape(channels), pass);
    }

    private static NDArray slice(NDArray stored, Shape shape, Pass pass) {
        Shape have = stored.getShape();
        if (have.equals(shape)) {
            return stored;
        }
        NDIndex index = new NDIndex();
        for (int d = 0; d < shape.dimension(); d++) {
            if (shape.get(d) > have.get(d)) {
                throw new IllegalStateException("a path needs " + shape + " of a weight stored as " + have);
            }
            index.addSliceDim(0, shape.get(d));
        }
        return attached(stored.get(index), pass);
    }

    private static NDArray attached(NDArray array, Pass pass) {
        array.attach(pass.manager());
        return array;
    }

    /**
     * The weights the path of {@code spec} uses, in the order its stand-alone DJL block lists its parameters
     * (convolution weight; BatchNorm gamma, beta, running mean, running variance; SE reduce and expand weights and
     * biases; linear weight and bias), each a copy attached to {@code manager}. BatchNorm statistics come from
     * {@code statistics} where it has them, else from the running ones.
     */
    public List<NDArray> pathWeights(NetworkSpec spec, BatchNormStatistics statistics, NDManager manager) {
        List<NDArray> result = new ArrayList<>();
        try (NDManager scratch = manager.newSubManager()) {
            Pass pass = new Pass(scratch, Mode.INFER, statistics, new HashSet<>());
            for (PathLayer layer : layout.path(spec)) {
                for (NamedOp named : layer.body()) {
                    Op op = named.op();
                    String name = named.name();
                    if (op instanceof Op.Conv c) {
                        result.add(convWeight(named, c, pass));
                    } else if (op instanceof Op.BatchNorm bn) {
                        int channels = bn.channels();
                        result.add(leading(name + ".gamma", new Shape(channels), pass));
                        result.add(leading(name + ".beta", new Shape(channels), pass));
                        NDArray[] stats = inferenceStatistics(name, channels, pass);
                        result.add(stats[0]);
                        result.add(stats[1]);
                    } else if (op instanceof Op.SqueezeExcite se) {
                        result.addAll(seWeights(name, se, pass));
                    } else if (op instanceof Op.Linear l) {
                        result.add(leading(name + ".weight", new Shape(l.out(), l.in()), pass));
                        result.add(leading(name + ".bias", new Shape(l.out()), pass));
                    }
                }
            }
            List<NDArray> copies = new ArrayList<>(result.size());
            for (NDArray array : result) {
                NDArray copy = array.duplicate();
                copy.attach(manager);
                copies.add(copy);
            }
            return copies;
        }
    }

    /**
     * Writes every weight and running statistic: names, shapes and values, in a fixed order. {@link #read} loads
     * them into a supernet of the same space and sharing.
     */
    public void write(DataOutputStream out) throws IOException {
        Map<String, NDArray> all = new LinkedHashMap<>(weights);
        all.putAll(buffers);
        out.writeInt(all.size());
        for (Map.Entry<String, NDArray> entry : all.entrySet()) {
            writeArray(out, entry.getKey(), entry.getValue());
        }
    }

    /** Loads what {@link #write} wrote; a name or shape this supernet does not have is an error. */
    public void read(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count != weights.size() + buffers.size()) {
            throw new IOException("the checkpoint holds " + count + " arrays, this supernet " + (weights.size()
                    + buffers.size()) + ": it was written for another space or sharing");
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            NDArray target = weights.containsKey(name) ? weights.get(name) : buffers.get(name);
            readInto(in, name, target);
        }
    }

    static void writeArray(DataOutputStream out, String name, NDArray array) throws IOException {
        out.writeUTF(name);
        long[] shape = array.getShape().getShape();
        out.writeInt(shape.length);
        for (long d : shape) {
            out.writeLong(d);
        }
        float[] values = array.toFloatArray();
        byte[] bytes = new byte[values.length * Float.BYTES];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().put(values);
        out.write(bytes);
    }

    static void readInto(DataInputStream in, String name, NDArray target) throws IOException {
        int dimensions = in.readInt();
        long[] shape = new long[dimensions];
        for (int d = 0; d < dimensions; d++) {
            shape[d] = in.readLong();
        }
        if (target == null || !target.getShape().equals(new Shape(shape))) {
            throw new IOException("the checkpoint's '" + name + "' " + new Shape(shape) + " does not match this "
                    + "supernet's " + (target == null ? "(none)" : target.getShape().toString()));
        }
        byte[] bytes = new byte[Math.toIntExact(target.getShape().size() * Float.BYTES)];
        in.readFully(bytes);
        float[] values = new float[bytes.length / Float.BYTES];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        target.set(values);
    }

    @Override
    public void close() {
        manager.close();
    }
}
