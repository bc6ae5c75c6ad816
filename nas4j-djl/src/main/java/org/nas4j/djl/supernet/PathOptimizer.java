package org.nas4j.djl.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nas4j.djl.train.OptimizerKind;

/**
 * Adam or SGD with momentum over a supernet's weights, updating only the weight arrays a step's paths read: an
 * option no path of the step used keeps its weights and its optimizer state. Within an array that was read, the
 * update is the engine's fused one over the whole array, as Once-for-All's optimizer does: channels (or the ring
 * of a larger kernel) no path of the step reached have no gradient but still move on their momentum, and Adam's
 * bias correction counts the steps that read the array, not each element's. The fused update also clears the
 * gradient. The state is written and read with the checkpoint.
 */
public final class PathOptimizer implements AutoCloseable {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final float SGD_MOMENTUM = 0.9f;

    private final OptimizerKind kind;
    private final float weightDecay;
    private final NDManager manager;
    /** Per weight: Adam's first and second moments, or SGD's momentum; sorted by name for a stable file. */
    private final Map<String, NDArray[]> state = new TreeMap<>();
    private final Map<String, Integer> updates = new TreeMap<>();

    public PathOptimizer(OptimizerKind kind, double weightDecay, NDManager parent) {
        this.kind = kind;
        this.weightDecay = (float) weightDecay;
        this.manager = parent.newSubManager();
    }

    /** Applies the gradients of the weights in {@code used} at learning rate {@code learningRate}. */
    public void step(Map<String, NDArray> weights, Set<String> used, float learningRate) {
        for (String name : used) {
            NDArray weight = weights.get(name);
            NDArray[] moments = state.computeIfAbsent(name, n -> kind == OptimizerKind.ADAM
                    ? new NDArray[] {zeros(weight), zeros(weight)} : new NDArray[] {zeros(weight)});
            int t = updates.merge(name, 1, Integer::sum);
            try (NDArray gradient = weight.getGradient()) {
                if (kind == OptimizerKind.ADAM) {
                    float correction = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, t))
                            / (1 - Math.pow(BETA1, t)));
                    weight.getNDArrayInternal().adamUpdate(new NDList(weight, gradient, moments[0], moments[1]),
                            new NDList(weight), learningRate, correction, weightDecay, 1f, -1f, BETA1, BETA2,
                            EPSILON, true, false);
                } else {
                    weight.getNDArrayInternal().sgdUpdate(new NDList(weight, gradient, moments[0]),
                            new NDList(weight), learningRate, weightDecay, 1f, -1f, SGD_MOMENTUM, true);
                }
            }
        }
    }

    private NDArray zeros(NDArray like) {
        return manager.zeros(like.getShape(), like.getDataType());
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(state.size());
        for (Map.Entry<String, NDArray[]> entry : state.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(updates.get(entry.getKey()));
            out.writeInt(entry.getValue().length);
            for (NDArray moment : entry.getValue()) {
                Supernet.writeArray(out, entry.getKey(), moment);
            }
        }
    }

    /** Reads what {@link #write} wrote, for the weights of {@code weights}. */
    public void read(DataInputStream in, Map<String, NDArray> weights) throws IOException {
        state.values().forEach(moments -> {
            for (NDArray moment : moments) {
                moment.close();
            }
        });
        state.clear();
        updates.clear();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            NDArray weight = weights.get(name);
            if (weight == null) {
                throw new IOException("the checkpoint's optimizer state names a weight '" + name + "' that this "
                        + "supernet does not have");
            }
            updates.put(name, in.readInt());
            NDArray[] moments = new NDArray[in.readInt()];
            for (int m = 0; m < moments.length; m++) {
                moments[m] = zeros(weight);
                Supernet.readInto(in, in.readUTF(), moments[m]);
            }
            state.put(name, moments);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
