package org.nas4j.bench.oneshot;

import ai.djl.Device;
import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.nas4j.config.StudyConfig;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.NativeMemory;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.supernet.Sharing;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.djl.train.CandidateLimits;
import org.nas4j.djl.train.CandidateTrainer;
import org.nas4j.djl.train.DivergedException;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.random.Rng;
import org.nas4j.search.OneShot;
import org.nas4j.search.StudyListener;
import org.nas4j.space.Architecture;
import org.nas4j.stats.RankCorrelation;
import org.nas4j.strategy.RandomSearch;

/**
 * How faithfully a supernet ranks architectures: architectures spread over the multiply-adds of those within the
 * config's limits are trained on their own with the study's recipe on the same split, then scored on trained
 * supernets (each way of sharing; BatchNorm recalibrated or not), and each score is compared with the stand-alone
 * validation accuracy by Kendall's tau (with a bootstrap interval), Spearman's rho and the precision of the top 10%.
 *
 * <p>Everything it measures is appended to {@code results.jsonl} in its folder as it is measured, and supernet
 * checkpoints are kept there: run again, it goes on where it stopped.
 */
public final class RankingBenchmark {
    /** Architectures drawn before the spread is chosen from them. */
    private static final int POOL = 2000;

    /** One chosen architecture and its counted cost. */
    public record Candidate(int index, Architecture architecture, long flops, long parameters) {
    }

    /** The agreement of one way of scoring with stand-alone training. */
    public record Agreement(String scoring, int architectures, RankCorrelation.Interval tau, double spearman,
                            double top10Precision) {
    }

    private final StudyConfig config;
    private final NetworkSettings network;
    private final TrainingData data;
    private final Path dir;
    private final Consumer<String> log;

    public RankingBenchmark(StudyConfig config, NetworkSettings network, TrainingData data, Path dir,
                            Consumer<String> log) {
        this.config = config;
        this.network = network;
        this.data = data;
        this.dir = dir;
        this.log = log;
    }

    /**
     * {@code count} architectures at evenly spaced ranks of multiply-adds among {@value #POOL} drawn at random
     * (distinct, canonical) within the config's limits, the cheapest and the costliest included: no more
     * parameters or MFLOPs than its limits allow, and no more multiply-adds than its relative latency reference
     * times the ratio. Multiply-adds stand in for the latency limit (an absolute {@code max_latency_ms} is not
     * applied): counting instead of timing keeps the choice the same on every machine, at the price of letting in
     * some networks slower than the reference and leaving out some faster ones. An architecture far beyond the
     * limits, which the search would never keep, would only cost hours of stand-alone training.
     */
    public static List<Candidate> spread(StudyConfig config, NetworkSettings network, int count, long seed) {
        Rng rng = new Rng(Rng.derive(seed, "ranking architectures"));
        Set<Architecture> pool = new LinkedHashSet<>();
        for (int i = 0; i < POOL; i++) {
            pool.add(RandomSearch.sample(config.space(), rng).canonical());
        }
        // The size limits as a search checks them; multiply-adds in place of the relative latency limit.
        CandidateLimits sizeLimits = new CandidateLimits(network, config.latency(), config.constraints());
        double maxFlops = config.constraints().relativeLatency().map(relative -> relative.maxRatio()
                * ModelCost.of(NetworkSpec.of(relative.reference(), network)).flops())
                .orElse(Double.POSITIVE_INFINITY);
        List<Candidate> all = new ArrayList<>();
        for (Architecture architecture : pool) {
            try {
                ModelCost cost = sizeLimits.checkSize(NetworkSpec.of(architecture, network));
                if (cost.flops() <= maxFlops) {
                    all.add(new Candidate(0, architecture, cost.flops(), cost.parameters()));
                }
            } catch (ConstraintViolation over) {
                // over a size limit: a search would reject it too
            }
        }
        if (all.size() < count) {
            throw new IllegalArgumentException("only " + all.size() + " of " + POOL + " random architectures are "
                    + "within the config's limits, fewer than the " + count + " to rank; ask for fewer "
                    + "architectures or loosen the constraints");
        }
        all.sort(Comparator.comparingLong(Candidate::flops));
        List<Candidate> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int rank = count == 1 ? 0 : (int) Math.round((double) i * (all.size() - 1) / (count - 1));
            Candidate c = all.get(rank);
            chosen.add(new Candidate(i, c.architecture(), c.flops(), c.parameters()));
        }
        return chosen;
    }

    /**
     * Trains the candidates not yet trained on their own for {@code standAloneEpochs} with the config's recipe
     * otherwise (unless {@code trainStandAlone} is false: then only the trainings already kept count), scores them
     * on a supernet of each sharing (training it first, or resuming), with and without BatchNorm recalibration,
     * and returns the agreements of every scoring with the stand-alone accuracy of that many epochs.
     */
    public List<Agreement> run(List<Candidate> candidates, List<Sharing> sharings, int standAloneEpochs,
                               boolean trainStandAlone, long seed) {
        if (standAloneEpochs <= 0) {
            throw new IllegalArgumentException("the stand-alone epochs must be positive, got " + standAloneEpochs);
        }
        String truthKey = standAloneName(standAloneEpochs);
        keep(candidates);
        ResultLog results = new ResultLog(dir);
        SupernetSettings base = config.supernet().orElse(SupernetSettings.DEFAULT);
        // The ground truth first: it needs no supernet, and a run stopped midway has the part that costs most.
        if (trainStandAlone) {
            trainEachAlone(candidates, standAloneEpochs, truthKey, results, seed);
        }
        for (Sharing sharing : sharings) {
            if (candidates.stream().allMatch(c -> results.has(scoringName(sharing, true) + "/" + c.index())
                    && results.has(scoringName(sharing, false) + "/" + c.index()))) {
                continue; // every score of this supernet is known: it need not be trained again
            }
            SupernetSettings settings = base.withSharing(sharing);
            StudyConfig oneShot = config.withSupernet(Optional.of(settings));
            try (OneShot trained = OneShot.train(oneShot, network, data,
                    Optional.of(dir.resolve(sharing.text() + ".supernet")), progress(sharing))) {
                for (boolean recalibrate : new boolean[] {true, false}) {
                    SupernetSettings scoring = recalibrate ? settings : settings.withCalibration(0,
                            settings.calibrationBatch());
                    String key = scoringName(sharing, recalibrate);
                    ToDoubleFunction<Architecture> scorer = trained.scorer(scoring, data,
                            Rng.derive(seed, "ranking scoring"));
                    for (Candidate candidate : candidates) {
                        String id = key + "/" + candidate.index();
                        if (!results.has(id)) {
                            long start = System.nanoTime();
                            double score = scorer.applyAsDouble(candidate.architecture());
                            results.put(id, score, (System.nanoTime() - start) / 1e9);
                        }
                    }
                    log.accept(key + ": " + candidates.size() + " architectures scored");
                }
            }
        }
        return agreements(candidates, sharings, results, truthKey, seed);
    }

    private StudyListener progress(Sharing sharing) {
        return new StudyListener() {
            @Override
            public void trainingProgress(Phase phase, int updates, int totalUpdates) {
                if (updates % Math.max(1, totalUpdates / 10) == 0) {
                    log.accept(sharing + " supernet: step " + updates + " of " + totalUpdates);
                }
            }
        };
    }

    /** Trains each candidate not yet trained on its own, keeping its validation accuracy under {@code key}. */
    private void trainEachAlone(List<Candidate> candidates, int epochs, String key, ResultLog results, long seed) {
        for (Candidate candidate : candidates) {
            String id = key + "/" + candidate.index();
            if (!results.has(id)) {
                long start = System.nanoTime();
                double accuracy;
                try {
                    accuracy = trainAlone(candidate, epochs, seed);
                } catch (DivergedException e) {
                    results.failed(id, e.getMessage(), (System.nanoTime() - start) / 1e9);
                    log.accept("stand-alone " + (candidate.index() + 1) + "/" + candidates.size() + ": "
                            + e.getMessage() + "; left out of the agreement");
                    continue;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                results.put(id, accuracy, seconds);
                log.accept(String.format(Locale.ROOT, "stand-alone %d/%d: %.4f (%.1f MFLOPs, %.0f s)",
                        candidate.index() + 1, candidates.size(), accuracy, candidate.flops() / 1e6, seconds));
            }
        }
    }

    /** The candidate trained from scratch with the study's recipe, its accuracy on the validation split. */
    private double trainAlone(Candidate candidate, int epochs, long seed) {
        NetworkSpec spec = NetworkSpec.of(candidate.architecture(), network);
        try (Model model = Model.newInstance("stand-alone-" + candidate.index(), Device.cpu())) {
            return new CandidateTrainer(config.training()).train(model, NetworkBuilder.build(spec), data,
                    epochs, Rng.derive(seed, "stand-alone " + candidate.index()), updates -> { })
                    .accuracy();
        } finally {
            NativeMemory.trim();
        }
    }

    /**
     * Stand-alone results of another number of epochs are kept apart: each is another ground truth. (Only the
     * epochs: a folder holds the results of one config, checked by its hash, whose recipe is otherwise fixed.)
     */
    private static String standAloneName(int epochs) {
        return "stand-alone, " + ResultLog.epochs(epochs);
    }

    private static String scoringName(Sharing sharing, boolean recalibrated) {
        return sharing.text() + (recalibrated ? ", BatchNorm recalibrated" : ", running BatchNorm statistics");
    }

    private List<Agreement> agreements(List<Candidate> candidates, List<Sharing> sharings,
                                       ResultLog results, String truthKey, long seed) {
        List<Optional<Agreement>> agreements = new ArrayList<>();
        for (Sharing sharing : sharings) {
            for (boolean recalibrate : new boolean[] {true, false}) {
                String key = scoringName(sharing, recalibrate);
                agreements.add(agreement(key, candidates, c -> results.get(key + "/" + c.index()), truthKey,
                        results, seed));
            }
        }
        // The bar a supernet must clear: how well counting alone, with no training, ranks the same architectures.
        agreements.add(agreement("multiply-adds (no training)", candidates, c -> Optional.of((double) c.flops()),
                truthKey, results, seed));
        agreements.add(agreement("parameters (no training)", candidates, c -> Optional.of((double) c.parameters()),
                truthKey, results, seed));
        return agreements.stream().flatMap(Optional::stream).toList();
    }

    /** One scoring against the ground truth, over the candidates that have both; empty with fewer than 3. */
    private static Optional<Agreement> agreement(String scoring, List<Candidate> candidates,
                                                 Function<Candidate, Optional<Double>> score, String truthKey,
                                                 ResultLog results, long seed) {
        List<double[]> pairs = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Optional<Double> truth = results.get(truthKey + "/" + candidate.index());
            Optional<Double> value = score.apply(candidate);
            if (truth.isPresent() && value.isPresent() && !truth.get().isNaN()) {
                pairs.add(new double[] {value.get(), truth.get()});
            }
        }
        if (pairs.size() < 3) {
            return Optional.empty();
        }
        double[] scores = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] truths = pairs.stream().mapToDouble(p -> p[1]).toArray();
        return Optional.of(new Agreement(scoring, pairs.size(), RankCorrelation.kendallTauInterval(scores, truths,
                2000, 0.95, Rng.derive(seed, "bootstrap")), RankCorrelation.spearman(scores, truths),
                RankCorrelation.topPrecision(scores, truths, 0.1)));
    }

    /**
     * Writes the config's hash to {@code config-hash.txt} and the candidates to {@code architectures.txt}, or checks
     * that an earlier run measured the same ones with the same config: results are kept by candidate number, and
     * their recipe is the config's. (A folder with architectures but no hash, written before the hash was kept,
     * takes this config's.)
     */
    private void keep(List<Candidate> candidates) {
        Path file = dir.resolve("architectures.txt");
        Path hashFile = dir.resolve("config-hash.txt");
        List<String> lines = candidates.stream().map(c -> c.index() + " " + c.architecture().canonicalString())
                .toList();
        try {
            Files.createDirectories(dir);
            if (!Files.exists(hashFile)) {
                Files.writeString(hashFile, config.hash() + "\n", StandardCharsets.UTF_8);
            } else if (!Files.readString(hashFile, StandardCharsets.UTF_8).strip().equals(config.hash())) {
                throw new IllegalArgumentException(dir + " holds results measured with another config (its "
                        + "training, supernet, limits or seed differ); give another --out to measure this one");
            }
            if (!Files.exists(file)) {
                Files.write(file, lines, StandardCharsets.UTF_8);
            } else if (!Files.readAllLines(file, StandardCharsets.UTF_8).equals(lines)) {
                throw new IllegalArgumentException(dir + " holds the results of other architectures (another "
                        + "config, seed or count); give another --out to measure these");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the architectures in " + file + ": " + e.getMessage(), e);
        }
    }
}
