package org.nas4j.djl.train;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Locale;
import java.util.Optional;
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
 * candidate with a {@link ConstraintViolation} before anything expensive happens.
 */
public final class CandidateLimits {
    private final NetworkSettings network;
    private final LatencySettings latency;
    private final LatencyProfiler profiler;
    private final Constraints constraints;
    private final Optional<Reference> reference;

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
        Shape sample = network.imageShape();
        double latencyMs = reference.isPresent()
                ? measureBesideReference(architecture, spec, model, sample, seed)
                : profiler.measure(deployed(spec, model, seed), model.getNDManager(), sample, latency.batchSize())
                        .medianMs();
        if (constraints.maxLatencyMs().isPresent() && latencyMs > constraints.maxLatencyMs().get()) {
            throw new ConstraintViolation(String.format(Locale.ROOT, "latency %.3f ms, over the limit of %.3f ms",
                    latencyMs, constraints.maxLatencyMs().get()), latencyMs / constraints.maxLatencyMs().get());
        }
        return latencyMs;
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
