package org.nas4j.search;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.Engines;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.supernet.PathSampler;
import org.nas4j.djl.supernet.Supernet;
import org.nas4j.djl.supernet.SupernetCheckpoint;
import org.nas4j.djl.supernet.SupernetDivergedException;
import org.nas4j.djl.supernet.SupernetEvaluator;
import org.nas4j.djl.supernet.SupernetScorer;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.djl.supernet.SupernetSpace;
import org.nas4j.djl.supernet.SupernetTrainer;
import org.nas4j.djl.train.CandidateLimits;
import org.nas4j.config.StudyConfig;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpaceException;

/**
 * The evaluator of a one-shot study: trains the study's supernet on the search's training split (resuming from its
 * checkpoint), then scores candidates on its shared weights. Owns the supernet's memory until closed.
 * {@link Study#search} uses it for {@code evaluator: supernet}; benchmarks use it to score chosen architectures.
 */
public final class OneShot implements AutoCloseable {
    private final NDManager manager;
    private final Supernet supernet;
    private final SupernetEvaluator evaluator;

    private OneShot(NDManager manager, Supernet supernet, SupernetEvaluator evaluator) {
        this.manager = manager;
        this.supernet = supernet;
        this.evaluator = evaluator;
    }

    /**
     * Trains (or finishes training) the supernet of {@code config.supernet()} on {@code data}; its checkpoint is
     * kept in {@code checkpoint}.
     */
    public static OneShot train(StudyConfig config, NetworkSettings network, TrainingData data,
                                Optional<Path> checkpoint, StudyListener listener) {
        return train(config, network, data, checkpoint, listener, point -> { });
    }

    /**
     * As {@link #train(StudyConfig, NetworkSettings, TrainingData, Optional, StudyListener)}, handing {@code loss}
     * the training loss as it goes: about {@value LossCurve#POINTS} points, each the mean over the steps since the
     * one before (a study records them as its {@link org.nas4j.study.Curve#SUPERNET_LOSS} curve).
     */
    public static OneShot train(StudyConfig config, NetworkSettings network, TrainingData data,
                                Optional<Path> checkpoint, StudyListener listener,
                                java.util.function.Consumer<org.nas4j.study.Curve.Point> loss) {
        SupernetSettings settings = config.supernet().orElseThrow(() -> new StudyException("study '"
                + config.study().name() + "' trains every candidate; a one-shot study needs 'evaluator: supernet'"));
        long seed = config.study().seed();
        SupernetSpace space;
        try {
            space = SupernetSpace.of(config.space(), network);
        } catch (SearchSpaceException e) {
            throw new StudyException("evaluator: supernet: " + e.getMessage(), e);
        }
        NDManager manager = Engines.pytorch().newBaseManager();
        Supernet supernet = null;
        try {
            supernet = Supernet.create(space, settings.sharing(), manager, Rng.derive(seed, "supernet weights"));
            SupernetTrainer trainer;
            try {
                trainer = new SupernetTrainer(settings, data, Rng.derive(seed, "supernet training"), checkpoint,
                        trainedOn(config));
            } catch (IllegalArgumentException e) {
                throw new StudyException(e.getMessage(), e);
            }
            long total = trainer.totalSteps();
            long done = checkpoint.map(OneShot::stepsDone).orElse(0L);
            listener.supernetStarting(new SupernetPlan(settings, total, done, new PathSampler(space,
                    settings.sampling(), settings.randomPaths(), 0).pathsPerStep(), data.train().size(),
                    supernet.parameterCount(), checkpoint));
            SupernetTrainer.Result result;
            LossCurve curve = new LossCurve(total, loss);
            try {
                result = trainer.train(supernet, manager, (step, steps, stepLoss) -> {
                    curve.step(step, stepLoss);
                    listener.trainingProgress(StudyListener.Phase.SUPERNET, (int) step, (int) steps);
                });
            } catch (SupernetDivergedException e) {
                throw new StudyException(e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new StudyException(e.getMessage(), e);
            }
            listener.supernetTrained(result);
            SupernetScorer scorer = new SupernetScorer(supernet, data, settings, Rng.derive(seed, "supernet scoring"));
            SupernetEvaluator evaluator = new SupernetEvaluator(supernet, scorer, new CandidateLimits(network,
                    config.latency(), config.constraints()), manager);
            return new OneShot(manager, supernet, evaluator);
        } catch (RuntimeException e) {
            if (supernet != null) {
                supernet.close();
            }
            manager.close();
            throw e;
        }
    }

    /**
     * What of the study the supernet's weights depend on besides its own settings: the space, the network layout
     * and the data. The trials, the strategy, the reward and the limits do not count: a finished supernet serves a
     * search of more trials or other limits.
     */
    private static String trainedOn(StudyConfig config) {
        return "space, network and data " + StudyConfig.of("supernet", config.space()).withNetwork(config.network())
                .withData(config.data()).hash();
    }

    /** The step a checkpoint file was written at, for the plan; 0 when there is none yet. */
    private static long stepsDone(Path file) {
        try {
            return SupernetCheckpoint.step(file).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Scores candidates under the study's limits, as trials of a one-shot study. */
    public SupernetEvaluator evaluator() {
        return evaluator;
    }

    /** Scores candidates on this supernet under other limits: a benchmark's budget, say. */
    public SupernetEvaluator evaluator(CandidateLimits limits, SupernetSettings settings, TrainingData data,
                                       long seed) {
        return new SupernetEvaluator(supernet, new SupernetScorer(supernet, data, settings, seed), limits, manager);
    }

    public Supernet supernet() {
        return supernet;
    }

    /**
     * Scores architectures with the shared weights, their BatchNorm recalibrated as {@code settings} says (0
     * calibration images: the running statistics): the share of the scored validation images each classifies
     * right. The calibration and validation samples are drawn once, for every architecture scored.
     */
    public java.util.function.ToDoubleFunction<Architecture> scorer(SupernetSettings settings, TrainingData data,
                                                                     long seed) {
        SupernetScorer scorer = new SupernetScorer(supernet, data, settings, seed);
        return architecture -> scorer.accuracy(architecture, manager);
    }

    @Override
    public void close() {
        supernet.close();
        manager.close();
    }
}
