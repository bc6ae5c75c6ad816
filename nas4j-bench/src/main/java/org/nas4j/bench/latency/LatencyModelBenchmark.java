package org.nas4j.bench.latency;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.nas4j.djl.engine.Engines;
import org.nas4j.djl.model.BatchNormFolding;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.profile.LatencyModel;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.stats.RankCorrelation;
import org.nas4j.strategy.RandomSearch;

/**
 * How well the {@link LatencyModel} predicts: fitted on some random networks, it predicts others it was not fitted
 * on, each measured twice (in two passes over the list, so that the two measurements are minutes apart, as a
 * search's are); the prediction's error is set beside the machine's own repeatability and beside FLOPs as a
 * predictor.
 *
 * @see Result
 */
public final class LatencyModelBenchmark {

    /**
     * @param withinTenPercent share of held-out networks predicted within 10% of their first measurement
     * @param spearman         rank correlation of prediction and first measurement
     * @param repeatWithin     share of networks whose second measurement is within 10% of the first
     * @param repeatSpearman   rank correlation of the two measurements
     * @param flopsSpearman    rank correlation of multiply-adds and the first measurement
     * @param medianErrorPercent median of |predicted - measured| / measured, in percent
     */
    public record Result(int fitted, int heldOut, int operations, double intercept, double slope,
                         double withinTenPercent, double spearman, double medianErrorPercent, double repeatWithin,
                         double repeatSpearman, double flopsSpearman) {
    }

    private final SearchSpace space;
    private final NetworkSettings network;
    private final LatencySettings settings;
    private final Consumer<String> log;

    public LatencyModelBenchmark(SearchSpace space, NetworkSettings network, LatencySettings settings,
                                 Consumer<String> log) {
        this.space = space;
        this.network = network;
        this.settings = settings;
        this.log = log;
    }

    /** Fits on {@code fit} random networks and predicts {@code heldOut} others; the table is kept in {@code file}. */
    public Result run(int fit, int heldOut, long seed, Path file) {
        List<NetworkSpec> all = distinct(fit + heldOut, seed);
        if (all.size() < fit + heldOut) {
            throw new IllegalArgumentException("the space has only " + all.size() + " distinct architectures found "
                    + "at random; ask for fewer than " + fit + " to fit and " + heldOut + " to predict");
        }
        List<NetworkSpec> fitting = all.subList(0, fit);
        List<NetworkSpec> held = all.subList(fit, all.size());
        LatencyProfiler profiler = new LatencyProfiler(settings.warmup(), settings.runs());
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            LatencyModel model = new LatencyModel(network, settings);
            if (Files.exists(file)) {
                model.read(file);
            }
            long start = System.nanoTime();
            for (NetworkSpec spec : all) {
                model.sumMs(spec, manager);
            }
            log.accept(String.format(java.util.Locale.ROOT, "%d operations in the table (%.0f s to time the new "
                    + "ones)", model.operationCount(), (System.nanoTime() - start) / 1e9));
            model.fit(fitting, measure(fitting, profiler, manager), manager);
            model.write(file);
            log.accept(String.format(java.util.Locale.ROOT, "fitted on %d networks: %.3f ms + %.3f x the sum",
                    fit, model.intercept(), model.slope()));
            double[] first = measure(held, profiler, manager).stream().mapToDouble(Double::doubleValue).toArray();
            double[] second = measure(held, profiler, manager).stream().mapToDouble(Double::doubleValue).toArray();
            double[] predicted = new double[held.size()];
            double[] flops = new double[held.size()];
            double[] errors = new double[held.size()];
            int within = 0;
            int repeatWithin = 0;
            for (int i = 0; i < held.size(); i++) {
                predicted[i] = model.predictMs(held.get(i), manager);
                flops[i] = ModelCost.of(held.get(i)).flops();
                errors[i] = 100 * Math.abs(predicted[i] - first[i]) / first[i];
                within += errors[i] <= 10 ? 1 : 0;
                repeatWithin += Math.abs(second[i] - first[i]) / first[i] <= 0.1 ? 1 : 0;
            }
            return new Result(fit, held.size(), model.operationCount(), model.intercept(), model.slope(),
                    (double) within / held.size(), RankCorrelation.spearman(predicted, first),
                    org.nas4j.stats.Summary.of(errors).median(), (double) repeatWithin / held.size(),
                    RankCorrelation.spearman(first, second), RankCorrelation.spearman(flops, first));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the latency model in " + file + ": " + e.getMessage(), e);
        }
    }

    private List<NetworkSpec> distinct(int count, long seed) {
        Rng rng = new Rng(Rng.derive(seed, "latency model networks"));
        Set<Architecture> architectures = new LinkedHashSet<>();
        for (int tries = 0; architectures.size() < count && tries < 100 * count; tries++) {
            architectures.add(RandomSearch.sample(space, rng).canonical());
        }
        List<NetworkSpec> specs = new ArrayList<>();
        for (Architecture architecture : architectures) {
            specs.add(NetworkSpec.of(architecture, network));
        }
        return specs;
    }

    private List<Double> measure(List<NetworkSpec> specs, LatencyProfiler profiler, NDManager manager) {
        List<Double> ms = new ArrayList<>();
        for (NetworkSpec spec : specs) {
            try (NDManager scope = manager.newSubManager()) {
                ms.add(profiler.measure(BatchNormFolding.untrained(spec, scope), scope, network.imageShape(),
                        settings.batchSize()).medianMs());
            }
        }
        return ms;
    }
}
