package org.nas4j.djl.supernet;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.train.CandidateLimits;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Evaluates a candidate on a trained supernet: the study's hard limits first, as multi-trial search checks them
 * (size counted, latency measured on this machine), then its accuracy with the shared weights after BatchNorm
 * recalibration ({@link SupernetScorer}). Its metrics say {@link Metrics.Method#ONE_SHOT}; the supernet is not
 * changed, so the order of evaluations does not matter.
 */
public final class SupernetEvaluator implements Evaluator {
    private final Supernet supernet;
    private final SupernetScorer scorer;
    private final CandidateLimits limits;
    private final NDManager manager;

    public SupernetEvaluator(Supernet supernet, SupernetScorer scorer, CandidateLimits limits, NDManager manager) {
        this.supernet = supernet;
        this.scorer = scorer;
        this.limits = limits;
        this.manager = manager;
    }

    @Override
    public SearchSpace space() {
        return supernet.space().space();
    }

    @Override
    public Metrics evaluate(Architecture architecture, TrialContext context) throws ConstraintViolation {
        long start = System.nanoTime();
        NetworkSpec spec = supernet.spec(architecture);
        ModelCost cost = limits.checkSize(spec);
        double latencyMs;
        try (Model model = Model.newInstance("latency-" + context.trialNumber(), Device.cpu())) {
            latencyMs = limits.measureLatency(architecture, spec, model, context.seed());
        }
        double accuracy = scorer.accuracy(architecture, manager);
        return new Metrics(accuracy, (System.nanoTime() - start) / 1e9, latencyMs, cost.parameters(), cost.flops(),
                Metrics.Method.ONE_SHOT);
    }
}
