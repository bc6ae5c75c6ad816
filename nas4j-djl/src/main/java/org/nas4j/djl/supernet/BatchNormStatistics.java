package org.nas4j.djl.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * BatchNorm statistics recalibrated for one path: the mean over a few training batches of each BatchNorm's batch
 * mean and variance, as Once-for-All sets them before it scores a sub-network. A path's statistics differ from the
 * supernet's running ones, which mix every path that passed through a channel.
 */
public final class BatchNormStatistics implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray[]> sums = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, NDArray[]> means = new HashMap<>();

    public BatchNormStatistics(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** Adds one batch's mean and variance of the BatchNorm {@code name}. */
    void record(String name, NDArray mean, NDArray variance) {
        NDArray[] sum = sums.get(name);
        if (sum == null) {
            NDArray m = mean.duplicate();
            NDArray v = variance.duplicate();
            m.attach(manager);
            v.attach(manager);
            sums.put(name, new NDArray[] {m, v});
        } else {
            sum[0].addi(mean);
            sum[1].addi(variance);
        }
        counts.merge(name, 1, Integer::sum);
        NDArray[] stale = means.remove(name);
        if (stale != null) {
            stale[0].close();
            stale[1].close();
        }
    }

    public boolean has(String name) {
        return sums.containsKey(name);
    }

    /** The mean and variance of BatchNorm {@code name} over the recorded batches. */
    NDArray[] get(String name) {
        return means.computeIfAbsent(name, n -> {
            NDArray[] sum = sums.get(n);
            NDArray count = manager.create((float) counts.get(n));
            return new NDArray[] {sum[0].div(count), sum[1].div(count)};
        });
    }

    /** The number of batches recorded for BatchNorm {@code name}. */
    public int batches(String name) {
        return counts.getOrDefault(name, 0);
    }

    @Override
    public void close() {
        manager.close();
    }
}
