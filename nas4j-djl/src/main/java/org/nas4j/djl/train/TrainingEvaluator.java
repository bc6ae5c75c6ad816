package org.nas4j.djl.train;

import ai.djl.Device;
import ai.djl.Model;
import java.util.function.IntConsumer;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.NativeAllocator;
import org.nas4j.djl.engine.NativeMemory;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.eval.TrialPruned;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Evaluates a candidate for real: counts its parameters and FLOPs (a candidate over a limit is rejected at once),
 * measures its inference latency on this machine (rejected if over the limit, still before training), trains it from
 * scratch on the training split and reports its accuracy on the validation split, after every epoch to the trial's
 * reporter (which may stop it early) and at the end as its result. Each trial lives in its own
 * {@link Model}, whose native memory is freed when the trial ends, whatever happens.
 */
public final class TrainingEvaluator implements Evaluator {
    private final SearchSpace space;
    private final NetworkSettings network;
    private final TrainingData data;
    private final TrainingSettings settings;
    private final CandidateLimits limits;
    private final IntConsumer onBatch;

    /**
     * @param data    candidates train on {@code data.train()} and are judged on {@code data.evaluation()}, the
     *                validation split
     * @param onBatch told the number of finished updates of the current trial, for progress display
     */
    public TrainingEvaluator(SearchSpace space, NetworkSettings network, TrainingData data, TrainingSettings settings,
                             LatencySettings latency, Constraints constraints, IntConsumer onBatch) {
        NativeAllocator.tune(); // before the engine's first allocation
        if (!network.fits(data.train())) {
            throw new IllegalArgumentException("the networks take " + network.input() + " images of "
                    + network.classes() + " classes but the data has " + data.train().shape() + " images of "
                    + data.train().classes());
        }
        this.space = space;
        this.network = network;
        this.data = data;
        this.settings = settings;
        this.limits = new CandidateLimits(network, latency, constraints);
        this.onBatch = onBatch;
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    /** Updates one trial's training takes, for progress and time estimates. */
    public int updatesPerTrial() {
        return settings.epochs() * settings.updatesPerEpoch(data.train().size());
    }

    @Override
    public Metrics evaluate(Architecture architecture, TrialContext context) throws ConstraintViolation {
        long start = System.nanoTime();
        NetworkSpec spec = NetworkSpec.of(architecture, network);
        ModelCost cost = limits.checkSize(spec);
        try (Model model = Model.newInstance("candidate-" + context.trialNumber(), Device.cpu())) {
            double latencyMs = limits.measureLatency(architecture, spec, model, context.seed());
            try {
                CandidateTrainer.Result result = new CandidateTrainer(settings).train(model,
                        NetworkBuilder.build(spec), data, settings.epochs(), context.seed(), onBatch,
                        context.reporter());
                return new Metrics(result.accuracy(), (System.nanoTime() - start) / 1e9, latencyMs,
                        cost.parameters(), cost.flops());
            } catch (TrialPruned pruned) {
                // What was measured up to the stop goes with it: the strategy hears it as a cheaper result.
                throw pruned.withMetrics(new Metrics(pruned.accuracy(), (System.nanoTime() - start) / 1e9,
                        latencyMs, cost.parameters(), cost.flops()));
            }
        } finally {
            // The trial's arrays are freed; without this, the C allocator keeps their pages, and the resident size
            // swung between 1 and 2.3 GB from trial to trial (bench memory).
            NativeMemory.trim();
        }
    }
}
