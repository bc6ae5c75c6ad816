package org.nas4j.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.TrialContext;
import org.nas4j.eval.TrialPruned;
import org.nas4j.eval.TrialReporter;
import org.nas4j.prune.Pruning;
import org.nas4j.prune.SuccessiveHalving;
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
        Count count = new Count(finishedTrials(), storage.trials(study, strategy.space()).stream()
                .mapToDouble(StudyStorage.StoredTrial::seconds).sum());
        double budget = budgetSeconds.orElse(Double.POSITIVE_INFINITY);
        Optional<SuccessiveHalving> halving = pruning.map(Pruning::pruner)
                .filter(SuccessiveHalving.class::isInstance).map(SuccessiveHalving.class::cast);
        while (count.trials < totalTrials && count.seconds < budget) {
            if (halving.isPresent()) {
                if (runBracket(halving.get(), count, totalTrials, budget, listener) == 0) {
                    break;
                }
            } else {
                double seconds = runTrial(count.trials, number -> new TrialCurves(storage, study, number,
                        evaluator.space(), pruning), System::nanoTime, listener);
                count.trials++;
                count.seconds += seconds;
            }
        }
        return storage.trials(study, strategy.space());
    }

    /** The trials that ran to their end and the seconds they took: what the budget is counted against. */
    private static final class Count {
        int trials;
        double seconds;

        Count(int trials, double seconds) {
            this.trials = trials;
            this.seconds = seconds;
        }
    }

    /**
     * Asks for one trial, runs it, records it and tells the strategy.
     *
     * @return the trial's seconds, as {@code clock} counted them while it ran
     */
    private double runTrial(int slot, IntFunction<TrialReporter> reporter, LongSupplier clock, Listener listener) {
        Architecture proposed = strategy.ask();
        Architecture canonical = proposed.canonical();
        int number = storage.startTrial(study, canonical);
        // Seeded by its place among finished trials, not by its number: after an interrupted trial, the one
        // proposed in its place trains as it would have in an uninterrupted study.
        long trialSeed = SearchLoop.trialSeed(seed, slot);
        long start = clock.getAsLong();
        SearchLoop.Evaluated evaluated = SearchLoop.evaluate(evaluator, reward, new TrialContext(number, trialSeed,
                reporter.apply(number)), canonical);
        TrialResult result = evaluated.result();
        double seconds = (clock.getAsLong() - start) / 1e9;
        evaluated.tell(strategy, proposed);
        storage.finishTrial(study, result, trialSeed, seconds, strategy.saveState(), strategy.choiceProbabilities());
        listener.onTrial(result, strategy);
        return seconds;
    }

    /**
     * Runs one bracket of synchronous successive halving: up to {@code rule.bracket()} members, each on its own
     * thread, one training at a time (see {@link Bracket}). A member whose trial ends before the first rung (one a
     * hard limit rejects, say) runs another in its place, so that the bracket's places go to trained candidates.
     * The bracket's members start no new trial past the study's trials or budget.
     *
     * @return how many trials the bracket started
     */
    private int runBracket(SuccessiveHalving rule, Count count, int totalTrials, double budget, Listener listener) {
        int size = rule.bracket();
        Bracket bracket = new Bracket(size);
        double secondsBefore = count.seconds;
        int trialsBefore = count.trials;
        int[] started = {0};
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> members = new ArrayList<>();
        for (int m = 0; m < size; m++) {
            int member = m;
            Thread thread = new Thread(() -> {
                try {
                    bracket.turn(member);
                    // Under the member's turn: the counts, the strategy and the storage are used by one at a time.
                    while (trialsBefore + started[0] < totalTrials
                            && secondsBefore + bracket.heldNanos() / 1e9 < budget) {
                        int slot = trialsBefore + started[0]++;
                        runTrial(slot, number -> new BracketReporter(new TrialCurves(storage, study, number,
                                evaluator.space(), Optional.empty()), bracket, member, number, rule, epochs()),
                                () -> bracket.heldNanos(member), listener);
                        count.trials++;
                        if (bracket.reached(member) > 0) {
                            break;
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    bracket.end(member);
                }
            }, "nas4j bracket member " + member);
            thread.setDaemon(true);
            members.add(thread);
            thread.start();
        }
        for (Thread thread : members) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                members.forEach(Thread::interrupt);
                throw new IllegalStateException("interrupted while a bracket of trials ran", e);
            }
        }
        count.seconds = secondsBefore + bracket.heldNanos() / 1e9;
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException e) {
            throw e;
        } else if (failed instanceof Error e) {
            throw e;
        } else if (failed != null) {
            throw new IllegalStateException("a bracket's trial could not run: " + failed, failed);
        }
        return started[0];
    }

    private int epochs() {
        return pruning.orElseThrow().epochs();
    }

    /**
     * A bracket member's reporter: records the trial's curves, and at a rung waits for the bracket and asks the
     * rule over every member's report there.
     */
    private record BracketReporter(TrialReporter curves, Bracket bracket, int member, int trial,
                                   SuccessiveHalving rule, int epochs) implements TrialReporter {
        @Override
        public void report(int epoch, double accuracy, double loss) {
            curves.report(epoch, accuracy, loss);
            if (!Double.isFinite(accuracy) || !rule.rungs(epochs).contains(epoch)) {
                return;
            }
            try {
                bracket.arrive(member, trial, epoch, accuracy);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting at the rung after epoch " + epoch, e);
            }
            Optional<String> stop = rule.stop(trial, epoch, epochs, accuracy, bracket::at);
            if (stop.isPresent()) {
                throw new TrialPruned(epoch, accuracy, rule.name(), stop.get());
            }
        }
    }
}
