package org.nas4j.djl.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * BatchNorm statistics recalibrated for one path: the mean over a few training batches of each BatchNorm's batch
 * mean and variance, weighted by the batches' sizes, as Once-for-All sets them before it scores a sub-network. A
 * path's statistics differ from the
 * supernet's running ones, which mix every path that passed through a channel.
 */
public final class BatchNormStatistics implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray[]> sums = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();
    private final Map<String, NDArray[]> means = new HashMap<>();

    public BatchNormStatistics(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** Adds the mean and variance of the BatchNorm {@code name} over one batch of {@code images}. */
    void record(String name, NDArray mean, NDArray variance, int images) {
        // Outside any gradient recording, so multiplying by a number is safe here.
        NDArray m = mean.mul(images);
        NDArray v = variance.mul(images);
        m.attach(manager);
        v.attach(manager);
        NDArray[] sum = sums.get(name);
        if (sum == null) {
            sums.put(name, new NDArray[] {m, v});
        } else {
            sum[0].addi(m);
            sum[1].addi(v);
            m.close();
            v.close();
        }
        counts.merge(name, (long) images, Long::sum);
        NDArray[] stale = means.remove(name);
        if (stale != null) {
            stale[0].close();
            stale[1].close();
        }
    }

    public boolean has(String name) {
        return sums.containsKey(name);
    }

    /** The mean and variance of BatchNorm {@code name} over the recorded images. */
    NDArray[] get(String name) {
        return means.computeIfAbsent(name, n -> {
            NDArray[] sum = sums.get(n);
            float count = counts.get(n);
            return new NDArray[] {sum[0].div(count), sum[1].div(count)};
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
