package org.nas4j.bench.oneshot;

import ai.djl.Device;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.nas4j.charts.LineChart;
import org.nas4j.charts.Series;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.NativeMemory;
import org.nas4j.djl.model.BatchNormFolding;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.StageSpec;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.train.CandidateLimits;
import org.nas4j.djl.train.CandidateTrainer;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.random.Rng;
import org.nas4j.search.OneShot;
import org.nas4j.search.Study;
import org.nas4j.search.StudyListener;
import org.nas4j.space.Architecture;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.store.StorageException;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.Strategy;
import org.nas4j.study.StudyRunner;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/**
 * The accuracy-latency front one-shot search finds against a hand-designed family: the config's latency reference
 * (its baseline) at several width multipliers is the family. From one trained supernet, a search runs for each
 * member with that member's latency as the limit (timed in turn); each winner and each member are then trained
 * from scratch with the config's retraining recipe (all training images, {@code retrain.epochs}) for each seed,
 * scored on the test images, and timed in turn with each other.
 *
 * <p>Every search is a study file in the benchmark's folder and every training a line of {@code results.jsonl}:
 * run again, it goes on where it stopped.
 */
public final class FrontBenchmark {
    /** How the results name a piece of the supernet's training, followed by the step it started at. */
    private static final String SUPERNET_COST = "supernet steps from ";
    /**
     * One width multiplier of the family: the member and the found network (empty when no candidate of the search
     * met the member's latency), each trained with every seed, and their latencies timed in turn. A seed whose
     * training diverged (NaN) is left out of the means and spreads; with none left they are NaN.
     */
    public record Budget(double multiplier, NetworkSpec member, Optional<Architecture> found, double foundReward,
                         List<Double> memberAccuracy, List<Double> foundAccuracy, double latencyRatio,
                         double memberMs, double foundMs, long memberParameters, long foundParameters) {
        public double memberMean() {
            return finite(memberAccuracy).average().orElse(Double.NaN);
        }

        public double foundMean() {
            return finite(foundAccuracy).average().orElse(Double.NaN);
        }

        /** The largest difference between seeds of either network. */
        public double seedSpread() {
            return Math.max(spread(memberAccuracy), spread(foundAccuracy));
        }

        private static double spread(List<Double> values) {
            return finite(values).max().orElse(0) - finite(values).min().orElse(0);
        }

        private static java.util.stream.DoubleStream finite(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite);
        }
    }

    /**
     * What the one-shot pipeline cost: the supernet's training, the searches (every candidate scored or rejected
     * by a limit, latency timing included) and one retraining of each found network (its first seed; the other
     * seeds and the family's trainings are the comparison's, not the pipeline's).
     *
     * @param supernetSteps      the supernet's training steps
     * @param supernetStepsTimed those of them trained by this benchmark, whose time is {@code supernetSeconds}
     *                           (fewer when a trained checkpoint was put in its folder)
     */
    public record Cost(long supernetSteps, long supernetStepsTimed, double supernetSeconds, int scored, int rejected,
                       double searchSeconds, int retrains, long retrainSteps, double retrainSeconds) {
        /** Candidates scored on the shared weights per minute of search. */
        public double scoredPerMinute() {
            return scored / (searchSeconds / 60);
        }

        /** Supernet training, searches and retraining, in seconds. */
        public double seconds() {
            return supernetSeconds + searchSeconds + retrainSeconds;
        }

        /** Training steps of the supernet and of the retrained networks. */
        public long steps() {
            return supernetSteps + retrainSteps;
        }
    }

    /** Every budget and what finding the networks cost. */
    public record Front(List<Budget> budgets, Cost cost) {
    }

    /** A search's best trial (empty when none met the limit) and what the search did. */
    private record Searched(Optional<TrialResult> best, int scored, int rejected, double seconds) {
    }

    private final StudyConfig config;
    private final TrainTest images;
    private final Path dir;
    private final Consumer<String> log;

    public FrontBenchmark(StudyConfig config, TrainTest images, Path dir, Consumer<String> log) {
        if (config.constraints().relativeLatency().isEmpty()) {
            throw new IllegalArgumentException("the config needs constraints.relative_latency.reference: its "
                    + "reference is the baseline whose widths make the family");
        }
        this.config = config;
        this.images = images;
        this.dir = dir;
        this.log = log;
    }

    /** The baseline with every stage's filters times {@code multiplier} (rounded, at least 1). */
    public static NetworkSpec scaled(NetworkSpec baseline, double multiplier) {
        List<StageSpec> stages = new ArrayList<>();
        for (StageSpec s : baseline.stages()) {
            stages.add(new StageSpec(s.block(), s.kernel(), s.expansion(), s.seRatio(), s.layers(),
                    Math.max(1, (int) Math.round(s.filters() * multiplier)), s.skip(), s.stride()));
        }
        return new NetworkSpec(baseline.settings(), stages);
    }

    /** {@link #run(List, int, int, int)} with the config's trials per search and retraining epochs. */
    public Front run(List<Double> multipliers, int seeds) {
        return run(multipliers, seeds, config.study().trials(), config.retrain().epochs());
    }

    /**
     * Searches for each multiplier's member with {@code trials} candidates (a search run before with fewer goes
     * on to this many), then trains every winner and member for {@code retrainEpochs} with each seed; trainings
     * of another number of epochs are kept apart.
     */
    public Front run(List<Double> multipliers, int seeds, int trials, int retrainEpochs) {
        NetworkSettings network = Study.network(config, images);
        TrainingData search = Study.searchData(config, images);
        NetworkSpec baseline = NetworkSpec.of(config.constraints().relativeLatency().orElseThrow().reference(),
                network);
        ResultLog results = new ResultLog(dir);
        List<Budget> budgets = new ArrayList<>();
        SupernetProgress supernetProgress = new SupernetProgress(results);
        try (OneShot oneShot = OneShot.train(config, network, search, Optional.of(dir.resolve("supernet")),
                supernetProgress)) {
            CandidateLimits limits = new CandidateLimits(network, config.latency(), config.constraints());
            List<NetworkSpec> members = multipliers.stream().map(m -> scaled(baseline, m)).toList();
            List<Searched> searches = new ArrayList<>();
            for (int m = 0; m < multipliers.size(); m++) {
                searches.add(search(oneShot, limits.relativeTo(members.get(m), 1.0), search, multipliers.get(m),
                        trials));
            }
            TrainingSettings recipe = config.training().withEpochs(retrainEpochs);
            TrainingData all = TrainingData.of(images.train(), images.test());
            for (int m = 0; m < multipliers.size(); m++) {
                double multiplier = multipliers.get(m);
                NetworkSpec member = members.get(m);
                Optional<TrialResult> winner = searches.get(m).best();
                Optional<NetworkSpec> found = winner.map(w -> NetworkSpec.of(w.architecture(), network));
                List<Double> memberAccuracy = new ArrayList<>();
                List<Double> foundAccuracy = new ArrayList<>();
                for (int k = 0; k < seeds; k++) {
                    long seed = Rng.derive(config.study().seed(), "front seed " + k);
                    memberAccuracy.add(trained(results, trainingId("member", multiplier, retrainEpochs, k), member,
                            recipe, all, seed));
                    if (found.isPresent()) {
                        foundAccuracy.add(trained(results, trainingId("found", multiplier, retrainEpochs, k),
                                found.get(), recipe, all, seed));
                    }
                }
                LatencyProfiler.InTurn timed = found.map(f -> inTurn(f, member))
                        .orElse(new LatencyProfiler.InTurn(Double.NaN, Double.NaN));
                budgets.add(new Budget(multiplier, member, winner.map(TrialResult::architecture),
                        winner.map(TrialResult::reward).orElse(Double.NaN), memberAccuracy, foundAccuracy,
                        timed.ratio(), timed.referenceMs(), timed.candidateMs(), ModelCost.of(member).parameters(),
                        found.map(f -> ModelCost.of(f).parameters()).orElse(-1L)));
            }
            ResultLog.Sum supernet = results.sum(id -> id.startsWith(SUPERNET_COST));
            java.util.Set<String> firstRetrains = budgets.stream().filter(b -> b.found().isPresent())
                    .map(b -> trainingId("found", b.multiplier(), retrainEpochs, 0)).collect(Collectors.toSet());
            ResultLog.Sum retrained = results.sum(firstRetrains::contains);
            return new Front(budgets, new Cost(supernetProgress.totalSteps, (long) supernet.value(), supernet.seconds(),
                    searches.stream().mapToInt(Searched::scored).sum(),
                    searches.stream().mapToInt(Searched::rejected).sum(),
                    searches.stream().mapToDouble(Searched::seconds).sum(), retrained.count(),
                    (long) retrained.count() * retrainEpochs * recipe.updatesPerEpoch(all.train().size()),
                    retrained.seconds()));
        }
    }

    /**
     * Both fronts as a PNG: mean test accuracy against latency (batch as configured, each winner timed in turn with
     * its member), the family as one line and the found networks as another. A budget whose search found nothing,
     * or whose trainings all diverged, is left out; with none left there is nothing to plot.
     *
     * @throws IllegalArgumentException when no budget can be plotted
     */
    public static void plot(List<Budget> budgets, Path png) throws IOException {
        List<Budget> timed = budgets.stream().filter(FrontBenchmark::plottable)
                .sorted(Comparator.comparingDouble(Budget::memberMs)).toList();
        if (timed.isEmpty()) {
            throw new IllegalArgumentException("no budget has both networks trained and timed, so there is no front "
                    + "to plot");
        }
        LineChart.builder()
                .title("Test accuracy against latency: the baseline's width family and one-shot search")
                .xLabel("latency (ms, timed in turn)")
                .yLabel("test accuracy (mean of seeds)")
                .add(Series.markedLine("baseline x" + timed.stream()
                                .map(b -> String.valueOf(b.multiplier())).collect(Collectors.joining(", x")),
                        timed.stream().mapToDouble(Budget::memberMs).toArray(),
                        timed.stream().mapToDouble(Budget::memberMean).toArray()))
                .add(Series.markedLine("found by one-shot search under each member's latency",
                        timed.stream().mapToDouble(Budget::foundMs).toArray(),
                        timed.stream().mapToDouble(Budget::foundMean).toArray()))
                .build().writePng(png);
    }

    private static boolean plottable(Budget b) {
        return b.found().isPresent() && Double.isFinite(b.memberMs()) && Double.isFinite(b.foundMs())
                && Double.isFinite(b.memberMean()) && Double.isFinite(b.foundMean());
    }

    /**
     * Logs the supernet's progress, keeps what its training cost (steps and seconds) for the cost figures at each
     * checkpoint and at the end (so that a training stopped and resumed counts every checkpointed step once), and
     * holds its total steps once trained.
     */
    private final class SupernetProgress implements StudyListener {
        private final ResultLog results;
        private final int every = config.supernet().orElseThrow().checkpointEvery();
        private long startStep;
        private long start;
        long totalSteps;

        SupernetProgress(ResultLog results) {
            this.results = results;
        }

        @Override
        public void supernetStarting(org.nas4j.search.SupernetPlan plan) {
            startStep = plan.stepsDone();
            start = System.nanoTime();
        }

        @Override
        public void trainingProgress(Phase phase, int updates, int totalUpdates) {
            if (updates % Math.max(1, totalUpdates / 10) == 0) {
                log.accept("supernet: step " + updates + " of " + totalUpdates);
            }
            if (updates % every == 0) {
                keep(updates, (System.nanoTime() - start) / 1e9);
            }
        }

        @Override
        public void supernetTrained(org.nas4j.djl.supernet.SupernetTrainer.Result result) {
            totalSteps = result.steps();
            keep(result.steps(), result.seconds());
        }

        /** The steps trained since this run started and their seconds; a later value replaces an earlier. */
        private void keep(long step, double seconds) {
            if (step > startStep) {
                results.put(SUPERNET_COST + startStep, step - startStep, seconds);
            }
        }
    }

    /**
     * The best trial of a one-shot search limited to the member's latency, its own study file; empty when no
     * candidate met the limit.
     */
    private Searched search(OneShot oneShot, CandidateLimits limits, TrainingData data,
            double multiplier, int trials) {
        String name = "front-x" + multiplier;
        Path file = dir.resolve(name + ".db");
        // The same seed for every budget: the searches propose the same first candidates, and differ by their
        // limit.
        long seed = config.study().seed();
        try (StudyStorage storage = SqliteStudyStorage.open(file);
             Strategy strategy = Strategies.forStudy(config.strategy(), config.space(), seed)) {
            try {
                storage.openStudy(name, config.hash(), config.toYaml(), "bench front, width multiplier " + multiplier);
            } catch (StorageException e) {
                throw new IllegalArgumentException(e.getMessage() + "; a folder holds the searches of one config: "
                        + "give another --out for another", e);
            }
            StudyRunner runner = new StudyRunner(name, storage, strategy, oneShot.evaluator(limits,
                    config.supernet().orElseThrow(), data, Rng.derive(seed, "supernet scoring")), config.reward(),
                    seed);
            List<StudyStorage.StoredTrial> stored = runner.run(trials, OptionalDouble.empty(), (result, s) -> { });
            Optional<TrialResult> best = stored.stream().map(StudyStorage.StoredTrial::result)
                    .filter(TrialResult::isComplete).max(Comparator.comparingDouble(TrialResult::reward));
            log.accept(best.map(b -> String.format(Locale.ROOT, "x%s: best of %d trials, one-shot %.4f: %s",
                    multiplier, stored.size(), b.metrics().orElseThrow().accuracy(), b.architecture()
                            .canonicalString())).orElse("x" + multiplier + ": none of " + stored.size()
                    + " trials met the member's latency"));
            return new Searched(best, (int) stored.stream().filter(t -> t.result().isComplete()).count(),
                    (int) stored.stream().filter(t -> t.result().state() == TrialState.PRUNED).count(),
                    stored.stream().mapToDouble(StudyStorage.StoredTrial::seconds).sum());
        }
    }

    /** How the results name one training: "member x0.5, 3 epochs, seed 0". */
    private static String trainingId(String network, double multiplier, int epochs, int seed) {
        return network + " x" + multiplier + ", " + ResultLog.epochs(epochs) + ", seed " + seed;
    }

    private double trained(ResultLog results, String id, NetworkSpec spec, TrainingSettings recipe,
                           TrainingData data, long seed) {
        Optional<Double> known = results.get(id);
        if (known.isPresent()) {
            return known.get();
        }
        long start = System.nanoTime();
        double accuracy;
        try (Model model = Model.newInstance(id, Device.cpu())) {
            accuracy = new CandidateTrainer(recipe).train(model, NetworkBuilder.build(spec), data, recipe.epochs(),
                    seed, updates -> { }).accuracy();
        } catch (org.nas4j.djl.train.DivergedException e) {
            results.failed(id, e.getMessage(), (System.nanoTime() - start) / 1e9);
            log.accept(id + ": " + e.getMessage());
            return Double.NaN;
        } finally {
            NativeMemory.trim();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        results.put(id, accuracy, seconds);
        log.accept(String.format(Locale.ROOT, "%s: test accuracy %.4f (%.0f s)", id, accuracy, seconds));
        return accuracy;
    }

    private LatencyProfiler.InTurn inTurn(NetworkSpec candidate, NetworkSpec reference) {
        LatencyProfiler profiler = new LatencyProfiler(config.latency().warmup(), config.latency().runs());
        try (Model model = Model.newInstance("in-turn", Device.cpu())) {
            return profiler.measureInTurn(BatchNormFolding.untrained(candidate, model.getNDManager()),
                    BatchNormFolding.untrained(reference, model.getNDManager()), model.getNDManager(),
                    candidate.settings().imageShape(), config.latency().batchSize(),
                            3 * LatencyProfiler.IN_TURN_ROUNDS);
        }
    }
}
