package org.nas4j.study;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.random.Rng;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.Strategy;

/**
 * The search loop in memory: ask, evaluate, reward, tell, for a number of trials. A trial whose evaluation throws or
 * gives a non-finite reward is recorded as FAILED and the loop goes on.
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

    public List<TrialResult> run(int trials, TrialListener listener) {
        if (trials <= 0) {
            throw new IllegalArgumentException("the number of trials must be positive, got " + trials);
        }
        List<TrialResult> results = new ArrayList<>(trials);
        for (int number = 0; number < trials; number++) {
            TrialResult result = runTrial(number);
            results.add(result);
            listener.onTrial(result, strategy);
        }
        return results;
    }

    private TrialResult runTrial(int number) {
        Architecture architecture = strategy.ask();
        Metrics metrics;
        double value;
        try {
            metrics = evaluator.evaluate(architecture, new TrialContext(number, trialSeed(seed, number)));
            value = reward.of(metrics);
        } catch (Exception e) {
            strategy.tellFailed(architecture);
            return TrialResult.failed(number, architecture, describe(e));
        }
        if (!Double.isFinite(value)) {
            strategy.tellFailed(architecture);
            return TrialResult.failed(number, architecture, "reward is " + value);
        }
        strategy.tell(architecture, value);
        return TrialResult.completed(number, architecture, metrics, value);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
