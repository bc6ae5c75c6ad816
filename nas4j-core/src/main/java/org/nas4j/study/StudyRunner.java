package org.nas4j.study;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.TrialContext;
import org.nas4j.prune.Pruning;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.Strategy;
import org.nas4j.strategy.StrategyStateException;

/**
 * Runs a persistent study: the search loop with every trial recorded in a {@link StudyStorage}. Started again on the
 * same storage (after a crash, say), it restores the strategy's state saved with the last finished trial, marks the
 * trials that were running as FAILED, and continues; no finished trial is lost or run again.
 */
public final class StudyRunner {

    /** Called after every finished trial. */
    @FunctionalInterface
    public interface Listener {
        void onTrial(TrialResult result, Strategy strategy);
    }

    /** Why a trial that was running when its process stopped is FAILED. */
    public static final String INTERRUPTED = "interrupted: the process running it stopped";

    private final String study;
    private final StudyStorage storage;
    private final Strategy strategy;
    private final Evaluator evaluator;
    private final Reward reward;
    private final long seed;
    private Optional<Pruning> pruning = Optional.empty();

    public StudyRunner(String study, StudyStorage storage, Strategy strategy, Evaluator evaluator, Reward reward,
                       long seed) {
        this.study = study;
        this.storage = storage;
        this.strategy = strategy;
        this.evaluator = evaluator;
        this.reward = reward;
        this.seed = seed;
    }

    /** Prunes the trials it runs by this rule (none by default); set before it runs. */
    public StudyRunner pruning(Optional<Pruning> rule) {
        this.pruning = java.util.Objects.requireNonNull(rule, "rule");
        return this;
    }

    /** The study's trials that ran to their end; running and interrupted ones do not count. */
    public int finishedTrials() {
        return (int) storage.trials(study, strategy.space()).stream()
                .filter(trial -> trial.result().state() != TrialState.RUNNING
                        && !trial.result().error().orElse("").equals(INTERRUPTED)).count();
    }

    /** The highest reward among the study's completed trials, empty when none has completed. */
    public OptionalDouble bestReward() {
        return storage.trials(study, strategy.space()).stream().map(StudyStorage.StoredTrial::result)
                .filter(TrialResult::isComplete).mapToDouble(TrialResult::reward).max();
    }

    /**
     * Runs until the study holds {@code totalTrials} trials that ran to their end (those of earlier runs included;
     * interrupted ones do not count, their architecture is proposed again).
     *
     * @return the trials of this study, earlier and interrupted ones included
     */
    public List<StudyStorage.StoredTrial> run(int totalTrials, Listener listener) {
        return run(totalTrials, OptionalDouble.empty(), listener);
    }

    /**
     * Runs as {@link #run(int, Listener)} does, and starts no new trial once the study's trials have taken
     * {@code budgetSeconds} in all (the recorded time of earlier runs counts too, so a resumed study keeps its
     * budget). A trial under way when the budget runs out finishes.
     */
    public List<StudyStorage.StoredTrial> run(int totalTrials, OptionalDouble budgetSeconds, Listener listener) {
        // Restored first: a study whose state is not this strategy's (one workers share, say) is refused before
        // its running trials are touched.
        storage.strategyState(study).ifPresent(state -> {
            if (WorkerState.KIND.equals(state.path("kind").asText())) {
                throw new StrategyStateException("the study is shared by workers: run it on "
                        + "with more workers (nas4j worker, or search with its storage), or start a new study");
            }
            strategy.restoreState(state);
        });
        storage.failRunning(study, INTERRUPTED);
        int finished = finishedTrials();
        double spent = storage.trials(study, strategy.space()).stream()
                .mapToDouble(StudyStorage.StoredTrial::seconds).sum();
        while (finished < totalTrials && spent < budgetSeconds.orElse(Double.POSITIVE_INFINITY)) {
            Architecture proposed = strategy.ask();
            Architecture canonical = proposed.canonical();
            int number = storage.startTrial(study, canonical);
            // Seeded by its place among finished trials, not by its number: after an interrupted trial, the one
            // proposed in its place trains as it would have in an uninterrupted study.
            long trialSeed = SearchLoop.trialSeed(seed, finished);
            long start = System.nanoTime();
            SearchLoop.Evaluated evaluated = SearchLoop.evaluate(evaluator, reward, new TrialContext(number,
                    trialSeed, new TrialCurves(storage, study, number, evaluator.space(), pruning)), canonical);
            TrialResult result = evaluated.result();
            double seconds = (System.nanoTime() - start) / 1e9;
            evaluated.tell(strategy, proposed);
            storage.finishTrial(study, result, trialSeed, seconds, strategy.saveState(),
                    strategy.choiceProbabilities());
            listener.onTrial(result, strategy);
            finished++;
            spent += seconds;
        }
        return storage.trials(study, strategy.space());
    }
}
