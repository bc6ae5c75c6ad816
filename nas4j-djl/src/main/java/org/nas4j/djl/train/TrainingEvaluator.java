package org.nas4j.djl.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.NativeAllocator;
import org.nas4j.djl.engine.NativeMemory;
import org.nas4j.djl.model.BatchNormFolding;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.djl.train.Constraints.RelativeLatency;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Evaluates a candidate for real: counts its parameters and FLOPs (a candidate over a limit is rejected at once),
 * measures its inference latency on this machine (rejected if over the limit, still before training), trains it from
 * scratch on the training split and reports its accuracy on the validation split. Each trial lives in its own
 * {@link Model}, whose native memory is freed when the trial ends, whatever happens.
 */
public final class TrainingEvaluator implements Evaluator {
    private final SearchSpace space;
    private final NetworkSettings network;
    private final TrainingData data;
    private final TrainingSettings settings;
    private final LatencySettings latency;
    private final LatencyProfiler profiler;
    private final Constraints constraints;
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
        this.latency = latency;
        this.profiler = new LatencyProfiler(latency.warmup(), latency.runs());
        this.constraints = constraints;
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
        ModelCost cost = ModelCost.of(spec);
        if (constraints.maxParams().isPresent() && cost.parameters() > constraints.maxParams().get()) {
            throw new ConstraintViolation(cost.parameters() + " parameters, over the limit of "
                    + constraints.maxParams().get(), (double) cost.parameters() / constraints.maxParams().get());
        }
        double megaFlops = cost.flops() / 1e6;
        if (constraints.maxMflops().isPresent() && megaFlops > constraints.maxMflops().get()) {
            throw new ConstraintViolation(String.format(Locale.ROOT, "%.1f MFLOPs, over the limit of %.1f", megaFlops,
                    constraints.maxMflops().get()), megaFlops / constraints.maxMflops().get());
        }
        Shape sample = network.imageShape();
        try (Model model = Model.newInstance("candidate-" + context.trialNumber(), Device.cpu())) {
            double latencyMs = constraints.relativeLatency().isPresent()
                    ? measureBesideReference(architecture, spec, model, sample, context.seed())
                    : measureLatency(spec, model, sample, context.seed());
            if (constraints.maxLatencyMs().isPresent() && latencyMs > constraints.maxLatencyMs().get()) {
                throw new ConstraintViolation(String.format(Locale.ROOT, "latency %.3f ms, over the limit of %.3f ms",
                        latencyMs, constraints.maxLatencyMs().get()), latencyMs / constraints.maxLatencyMs().get());
            }
            CandidateTrainer.Result result = new CandidateTrainer(settings).train(model, NetworkBuilder.build(spec),
                    data, settings.epochs(), context.seed(), onBatch);
            return new Metrics(result.accuracy(), (System.nanoTime() - start) / 1e9, latencyMs, cost.parameters(),
                    cost.flops());
        } finally {
            // The trial's arrays are freed; without this, the C allocator keeps their pages, and the resident size
            // swung between 1 and 2.3 GB from trial to trial (bench memory).
            NativeMemory.trim();
        }
    }

    /**
     * The median latency at the configured batch size, on a separately built copy of the network in its
     * deployed form (BatchNorm folded). Untrained, it is built folded directly: latency does not depend on the values.
     */
    private double measureLatency(NetworkSpec spec, Model model, Shape sample, long seed) {
        return profiler.measure(deployed(spec, model, seed), model.getNDManager(), sample, latency.batchSize())
                .medianMs();
    }

    /**
     * The candidate's latency, timed in turn with the reference's ({@link RelativeLatency}); rejects it when the
     * ratio is over the limit, unless it is the reference itself.
     */
    private double measureBesideReference(Architecture architecture, NetworkSpec spec, Model model, Shape sample,
                                          long seed) throws ConstraintViolation {
        RelativeLatency limit = constraints.relativeLatency().orElseThrow();
        Block reference = deployed(NetworkSpec.of(limit.reference(), network), model, seed);
        LatencyProfiler.InTurn timed = profiler.measureInTurn(deployed(spec, model, seed), reference,
                model.getNDManager(), sample, latency.batchSize(), LatencyProfiler.IN_TURN_ROUNDS);
        boolean isReference = architecture.canonical().equals(limit.reference().canonical());
        if (!isReference && timed.ratio() > limit.maxRatio()) {
            throw new ConstraintViolation(String.format(Locale.ROOT, "latency %.3f ms, %.3f x the reference's "
                    + "%.3f ms timed in turn, over the limit of %.3f x", timed.candidateMs(), timed.ratio(),
                    timed.referenceMs(), limit.maxRatio()), timed.ratio() / limit.maxRatio());
        }
        return timed.candidateMs();
    }

    /** The network as deployed (BatchNorm folded), initialized in the trial's model. */
    private Block deployed(NetworkSpec spec, Model model, long seed) {
        CandidateTrainer.seedEngine(seed);
        return BatchNormFolding.untrained(spec, model.getNDManager());
    }
}
