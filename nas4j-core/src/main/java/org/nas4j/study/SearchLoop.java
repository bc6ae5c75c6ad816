package org.nas4j.study;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.eval.TrialPruned;
import org.nas4j.random.Rng;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.Strategy;

/**
 * The search loop in memory: ask, evaluate, reward, tell, for a number of trials. A trial whose evaluation throws or
 * gives a non-finite reward is recorded as FAILED, one rejected by a hard constraint as PRUNED (at no cost); the
 * strategy hears of them through {@code tellFailed} and {@code tellRejected}, and the loop goes on. A trial a
 * pruner stops early is PRUNED too, with what it measured by then, which the strategy is told as its result.
 */
public final class SearchLoop {

    /** Called after every trial, e.g. to record the controller's probabilities or draw progress. */
    @FunctionalInterface
    public interface TrialListener {
        void onTrial(TrialResult result, Strategy strategy);
    }

    private final Strategy strategy;
    private final Evaluator evaluator;
    private final Reward reward;
    private final long seed;

    public SearchLoop(Strategy strategy, Evaluator evaluator, Reward reward, long seed) {
        if (!strategy.space().equals(evaluator.space())) {
            throw new IllegalArgumentException("the strategy searches " + strategy.space().names()
                    + " but the evaluator understands " + evaluator.space().names());
        }
        this.strategy = strategy;
        this.evaluator = evaluator;
        this.reward = reward;
        this.seed = seed;
    }

    /** The seed of trial {@code number}: fixed by the study seed, whatever ran before. */
    public static long trialSeed(long studySeed, int number) {
        return Rng.derive(studySeed, "trial-" + number);
    }

    /** Runs this many trials. */
    public List<TrialResult> run(int trials, TrialListener listener) {
        if (trials <= 0) {
            throw new IllegalArgumentException("the number of trials must be positive, got " + trials);
        }
        return runWithBudget(Double.POSITIVE_INFINITY, trials, listener);
    }

    /**
     * Runs trials until the next one's cost would take the total past {@code budgetSeconds}, or {@code maxTrials}
     * have run. The trial that would overrun is discarded: its result is not told to the strategy, as a real study
     * would not have had the time to finish it. Costs are the evaluator's, simulated or measured.
     */
    public List<TrialResult> runWithBudget(double budgetSeconds, int maxTrials, TrialListener listener) {
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException("the budget must be positive seconds, got " + budgetSeconds);
        }
        List<TrialResult> results = new ArrayList<>();
        double spent = 0;
        for (int number = 0; number < maxTrials; number++) {
            Architecture proposed = strategy.ask();
            // Equivalent architectures are one: evaluate and record the canonical form.
            Evaluated evaluated = evaluate(number, proposed.canonical());
            TrialResult result = evaluated.result();
            double cost = result.metrics().map(Metrics::costSeconds).orElse(0.0);
            if (spent + cost > budgetSeconds) {
                break;
            }
            spent += cost;
            evaluated.tell(strategy, proposed);
            results.add(result);
            listener.onTrial(result, strategy);
        }
        return results;
    }

    private Evaluated evaluate(int number, Architecture architecture) {
        return evaluate(evaluator, reward, number, architecture, trialSeed(seed, number));
    }

    /** A trial's result, and by how much it broke a limit when it was rejected (NaN otherwise). */
    record Evaluated(TrialResult result, double excess) {

        /** Tells the strategy about the architecture it proposed (a learned policy needs its own sample back). */
        void tell(Strategy strategy, Architecture proposed) {
            if (result.isComplete() || result.isStoppedEarly()) {
                strategy.tell(proposed, result.reward()); // a stopped trial's partial result, of lower fidelity
            } else if (result.state() == TrialState.PRUNED) {
                strategy.tellRejected(proposed, excess);
            } else {
                strategy.tellFailed(proposed);
            }
        }
    }

    /**
     * Evaluates one trial: COMPLETE with its reward, PRUNED when a hard constraint rejects it, FAILED when the
     * evaluation throws or the reward is not finite.
     */
    static Evaluated evaluate(Evaluator evaluator, Reward reward, int number, Architecture architecture,
                              long trialSeed) {
        return evaluate(evaluator, reward, new TrialContext(number, trialSeed), architecture);
    }

    /**
     * As {@link #evaluate(Evaluator, Reward, int, Architecture, long)}, the trial reporting its epochs to
     * {@code context}'s reporter: one stopped there by a pruner is PRUNED with what it measured by then, and its
     * reward (a result of lower fidelity; FAILED if that is not finite).
     */
    static Evaluated evaluate(Evaluator evaluator, Reward reward, TrialContext context, Architecture architecture) {
        int number = context.trialNumber();
        Metrics metrics;
        double value;
        try {
            metrics = evaluator.evaluate(architecture, context);
            value = reward.of(metrics);
        } catch (TrialPruned e) {
            return stopped(reward, number, architecture, e);
        } catch (ConstraintViolation e) {
            return new Evaluated(TrialResult.pruned(number, architecture, e.getMessage()), e.excess());
        } catch (Exception e) {
            return new Evaluated(TrialResult.failed(number, architecture, describe(e)), Double.NaN);
        } catch (OutOfMemoryError e) {
            // The candidate's own allocations are garbage once it has failed: the search can go on without it.
            return new Evaluated(TrialResult.failed(number, architecture, outOfMemory(e)), Double.NaN);
        }
        if (!Double.isFinite(value)) {
            return new Evaluated(TrialResult.failed(number, architecture, "reward is " + value), Double.NaN);
        }
        return new Evaluated(TrialResult.completed(number, architecture, metrics, value), Double.NaN);
    }

    private static Evaluated stopped(Reward reward, int number, Architecture architecture, TrialPruned e) {
        Metrics partial = e.metrics().orElseGet(() -> Metrics.ofAccuracy(e.accuracy()));
        double value;
        try {
            value = reward.of(partial);
        } catch (RuntimeException failure) {
            return new Evaluated(TrialResult.failed(number, architecture, describe(failure)), Double.NaN);
        }
        if (!Double.isFinite(value)) {
            return new Evaluated(TrialResult.failed(number, architecture, e.getMessage() + "; its reward is "
                    + value), Double.NaN);
        }
        return new Evaluated(TrialResult.stoppedEarly(number, architecture, partial, value, e.getMessage()),
                Double.NaN);
    }

    /** Why a trial that ran out of Java heap failed, and what to do about it. */
    public static String outOfMemory(OutOfMemoryError e) {
        return "OutOfMemoryError" + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (give Java more "
                + "heap, e.g. NAS4J_JAVA_OPTS=-Xmx8g, or a smaller network)";
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
