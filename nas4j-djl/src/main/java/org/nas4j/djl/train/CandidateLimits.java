package org.nas4j.djl.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nas4j.djl.profile.LatencyModel;
import org.nas4j.djl.model.BatchNormFolding;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.space.Architecture;

/**
 * The hard limits of a study, checked the same way whichever evaluator scores the candidate: its size first
 * (counted, free), then its latency on this machine (measured on the network as deployed), each rejecting the
 * candidate with a {@link ConstraintViolation} before anything expensive happens. With {@code latency.predict},
 * the first {@value LatencySettings#MEASURED_BEFORE_PREDICTING} candidates are measured and fit a
 * {@link LatencyModel}, which predicts the latency of the others (and, for a relative limit, the reference's).
 */
public final class CandidateLimits {
    private final NetworkSettings network;
    private final LatencySettings latency;
    private final LatencyProfiler profiler;
    private final Constraints constraints;
    private final Optional<Reference> reference;
    /** Present (not null) only when the search predicts latency. */
    private final LatencyModel latencyModel;
    private final List<NetworkSpec> measuredSpecs = new ArrayList<>();
    private final List<Double> measuredMs = new ArrayList<>();
    private boolean fitted;

    /**
     * A network whose latency limits a candidate's, timed in turn with it; {@code architecture} is present when the
     * reference is an architecture of the space (which then passes whatever the noise).
     */
    private record Reference(NetworkSpec spec, Optional<Architecture> architecture, double maxRatio) {
    }

    public CandidateLimits(NetworkSettings network, LatencySettings latency, Constraints constraints) {
        this(network, latency, constraints, constraints.relativeLatency().map(r -> new Reference(
                NetworkSpec.of(r.reference(), network), Optional.of(r.reference().canonical()), r.maxRatio())));
    }

    private CandidateLimits(NetworkSettings network, LatencySettings latency, Constraints constraints,
                            Optional<Reference> reference) {
        this.network = network;
        this.latency = latency;
        this.profiler = new LatencyProfiler(latency.warmup(), latency.runs());
        this.constraints = constraints;
        this.reference = reference;
        this.latencyModel = latency.predict() ? new LatencyModel(network, latency) : null;
    }

    /**
     * These limits with the latency limit relative to {@code spec} instead, a network that need not be of the space
     * (a hand-designed one, say): a candidate slower than {@code maxRatio} times it, timed in turn, is rejected.
     */
    public CandidateLimits relativeTo(NetworkSpec spec, double maxRatio) {
        return new CandidateLimits(network, latency, constraints, Optional.of(new Reference(spec, Optional.empty(),
                maxRatio)));
    }

    /** The candidate's size and compute; a candidate over the parameter or FLOPs limit is rejected. */
    public ModelCost checkSize(NetworkSpec spec) throws ConstraintViolation {
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
        return cost;
    }

    /**
     * The candidate's median latency in milliseconds at the configured batch size, timed in turn with the
     * reference when the study limits latency relative to one; a candidate over a latency limit is rejected.
     */
    public double measureLatency(Architecture architecture, NetworkSpec spec, Model model, long seed)
            throws ConstraintViolation {
        if (predicting()) {
            return predictLatency(architecture, spec, model);
        }
        Shape sample = network.imageShape();
        double latencyMs = reference.isPresent()
                ? measureBesideReference(architecture, spec, model, sample, seed)
                : profiler.measure(deployed(spec, model, seed), model.getNDManager(), sample, latency.batchSize())
                        .medianMs();
        if (reference.isEmpty()) {
            remember(spec, latencyMs);
        }
        if (constraints.maxLatencyMs().isPresent() && latencyMs > constraints.maxLatencyMs().get()) {
            throw new ConstraintViolation(String.format(Locale.ROOT, "latency %.3f ms, over the limit of %.3f ms",
                    latencyMs, constraints.maxLatencyMs().get()), latencyMs / constraints.maxLatencyMs().get());
        }
        return latencyMs;
    }

    /** A measured candidate, kept to fit the latency model on when the search predicts. */
    private void remember(NetworkSpec spec, double latencyMs) {
        if (latency.predict() && !fitted) {
            measuredSpecs.add(spec);
            measuredMs.add(latencyMs);
        }
    }

    /** Whether enough candidates are measured to predict the others (fitting the model on them the first time). */
    private boolean predicting() {
        if (!latency.predict() || measuredSpecs.size() < LatencySettings.MEASURED_BEFORE_PREDICTING) {
            return false;
        }
        if (!fitted) {
            try (NDManager scope = NDManager.newBaseManager()) {
                latencyModel.fit(measuredSpecs, measuredMs, scope);
            }
            fitted = true;
        }
        return true;
    }

    /** The predicted latency, checked against the limits as a measured one is. */
    private double predictLatency(Architecture architecture, NetworkSpec spec, Model trial)
            throws ConstraintViolation {
        NDManager manager = trial.getNDManager();
        double predicted = latencyModel.predictMs(spec, manager);
        if (reference.isPresent()) {
            Reference limit = reference.get();
            double ratio = predicted / latencyModel.predictMs(limit.spec(), manager);
            boolean isReference = limit.architecture().map(a -> a.equals(architecture.canonical())).orElse(false);
            if (!isReference && ratio > limit.maxRatio()) {
                throw new ConstraintViolation(String.format(Locale.ROOT, "predicted latency %.3f ms, %.3f x the "
                        + "reference's, over the limit of %.3f x", predicted, ratio, limit.maxRatio()),
                        ratio / limit.maxRatio());
            }
        }
        if (constraints.maxLatencyMs().isPresent() && predicted > constraints.maxLatencyMs().get()) {
            throw new ConstraintViolation(String.format(Locale.ROOT, "predicted latency %.3f ms, over the limit of "
                    + "%.3f ms", predicted, constraints.maxLatencyMs().get()), predicted
                    / constraints.maxLatencyMs().get());
        }
        return predicted;
    }

    /**
     * The candidate's latency, timed in turn with the reference's ({@link Constraints.RelativeLatency}); rejects it
     * when the ratio is over the limit, unless it is the reference itself.
     */
    private double measureBesideReference(Architecture architecture, NetworkSpec spec, Model model, Shape sample,
                                          long seed) throws ConstraintViolation {
        Reference limit = reference.orElseThrow();
        Block timedReference = deployed(limit.spec(), model, seed);
        LatencyProfiler.InTurn timed = profiler.measureInTurn(deployed(spec, model, seed), timedReference,
                model.getNDManager(), sample, latency.batchSize(), LatencyProfiler.IN_TURN_ROUNDS);
        remember(spec, timed.candidateMs());
        boolean isReference = limit.architecture().map(a -> a.equals(architecture.canonical())).orElse(false);
        if (!isReference && timed.ratio() > limit.maxRatio()) {
            throw new ConstraintViolation(String.format(Locale.ROOT, "latency %.3f ms, %.3f x the reference's "
                    + "%.3f ms timed in turn, over the limit of %.3f x", timed.candidateMs(), timed.ratio(),
                    timed.referenceMs(), limit.maxRatio()), timed.ratio() / limit.maxRatio());
        }
        return timed.candidateMs();
    }

    /**
     * The network as deployed (BatchNorm folded), initialized in the trial's model. Untrained, it is built folded
     * directly: latency does not depend on the values.
     */
    private static Block deployed(NetworkSpec spec, Model model, long seed) {
        CandidateTrainer.seedEngine(seed);
        return BatchNormFolding.untrained(spec, model.getNDManager());
    }
}
