package org.nas4j.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.TrialContext;
import org.nas4j.prune.Pruning;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.Strategy;
import org.nas4j.study.StudyStorage.Claim;
import org.nas4j.study.StudyStorage.ClaimContext;
import org.nas4j.study.StudyStorage.LostWorkers;
import org.nas4j.study.StudyStorage.Stepped;

/**
 * One of any number of workers, in any processes on any machines, that run one study through a shared
 * {@link StudyStorage}. The strategy lives in the storage, not in a worker: each claim restores it from the state
 * the last claim or report left, asks it, and saves it again in the transaction that records the trial; each report
 * tells it the same way. So workers may ask several times before any tells, and tell in any order.
 *
 * <p>While it trains, a worker renews its trial's heartbeat. A trial whose heartbeat is older than the grace period
 * is failed ("worker lost") by whichever worker claims next, and its proposal runs again, with the same budget slot
 * and seed, up to {@code maxRetries} times; after that the strategy hears of it as a failure. The study's budget of
 * trials and seconds holds across all workers: it is counted in the shared state, under the study's lock.
 */
public final class StudyWorker {
    /** Why a trial whose worker stopped renewing its heartbeat is FAILED. */
    public static final String LOST = "worker lost: no heartbeat within the grace period";
    /** Why a trial a stopping worker gave up is FAILED; its proposal runs again, not counted as a retry. */
    public static final String HANDED_BACK = "handed back: its worker was stopped";

    /**
     * How workers keep each other honest.
     *
     * @param heartbeat  how often a running trial's heartbeat is renewed
     * @param grace      how old a heartbeat may be before its worker is taken for lost
     * @param maxRetries how many times a lost trial's proposal runs again
     */
    public record Settings(Duration heartbeat, Duration grace, int maxRetries) {
        public static final Settings DEFAULT = of(Duration.ofSeconds(10));

        public Settings {
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("the heartbeat interval must be positive, got " + heartbeat);
            }
            if (grace.compareTo(heartbeat) <= 0) {
                throw new IllegalArgumentException("the grace period (" + grace + ") must be longer than the "
                        + "heartbeat interval (" + heartbeat + "), or live workers are taken for lost");
            }
            if (maxRetries < 0) {
                throw new IllegalArgumentException("max retries must be 0 or more, got " + maxRetries);
            }
        }

        /** This heartbeat, a grace of twice it, and 2 retries. */
        public static Settings of(Duration heartbeat) {
            return new Settings(heartbeat, heartbeat.multipliedBy(2), 2);
        }
    }

    private final String study;
    private final StudyStorage storage;
    private final Supplier<Strategy> strategies;
    private final Evaluator evaluator;
    private final Reward reward;
    private final long seed;
    private Optional<Pruning> pruning = Optional.empty();
    private final String worker;
    private final Settings settings;
    private final Object current = new Object();
    /** The trial this worker runs now, to hand back when it stops; null between trials. */
    private Running running;
    /** Set by {@link #handBack}: a claim that commits after it is handed back at once. */
    private boolean stopped;

    private record Running(Claim claim, WorkerState.Run run, long trialSeed) {
    }

    /**
     * @param strategies makes a fresh strategy of the study's kind and settings, which each step restores from the
     *                   shared state (and closes)
     * @param worker     this worker's name, as the study records it (host and process, say)
     */
    public StudyWorker(String study, StudyStorage storage, Supplier<Strategy> strategies, Evaluator evaluator,
                       Reward reward, long seed, String worker, Settings settings) {
        this.study = study;
        this.storage = storage;
        this.strategies = strategies;
        this.evaluator = evaluator;
        this.reward = reward;
        this.seed = seed;
        this.worker = worker;
        this.settings = settings;
    }

    /** Prunes the trials it runs by this rule (none by default); set before it runs. */
    public StudyWorker pruning(Optional<Pruning> rule) {
        this.pruning = java.util.Objects.requireNonNull(rule, "rule");
        return this;
    }

    /**
     * Claims and runs trials until the study holds {@code totalTrials} counted ones or its trials have taken
     * {@code budgetSeconds} (by all workers together), or {@code stopping} says so between trials.
     *
     * @return the number of trials this worker ran to their end
     */
    public int run(int totalTrials, OptionalDouble budgetSeconds, BooleanSupplier stopping,
                   StudyRunner.Listener listener) {
        if (totalTrials <= 0) {
            throw new IllegalArgumentException("the number of trials must be positive, got " + totalTrials);
        }
        LostWorkers lost = new LostWorkers(evaluator.space(), settings.grace(), LOST);
        int ran = 0;
        boolean[] othersRunning = new boolean[1];
        while (!stopping.getAsBoolean() && !isStopped()) {
            Optional<Running> claimed = claim(lost, totalTrials, budgetSeconds.orElse(Double.POSITIVE_INFINITY),
                    othersRunning);
            if (claimed.isPresent()) {
                if (runTrial(claimed.get(), listener)) {
                    ran++;
                }
            } else if (othersRunning[0]) {
                // The budget is handed out but trials still run elsewhere: stay, so that one of them whose worker
                // is lost runs again here rather than nowhere.
                if (!pause(settings.grace())) {
                    break;
                }
            } else {
                break;
            }
        }
        return ran;
    }

    private boolean isStopped() {
        synchronized (current) {
            return stopped;
        }
    }

    /** Waits, unless interrupted; false when interrupted. */
    private static boolean pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<Running> claim(LostWorkers lost, int totalTrials, double budgetSeconds,
                                    boolean[] othersRunning) {
        WorkerState.Run[] chosen = new WorkerState.Run[1];
        Optional<Claim> claim = retrying(() -> storage.claimTrial(study, worker, lost, context -> {
            chosen[0] = null;
            Stepped<Optional<Architecture>> stepped = step(context, totalTrials, budgetSeconds, chosen);
            othersRunning[0] = stepped.value().isEmpty() && stepped.state().path("running").size() > 0;
            return stepped;
        }));
        Optional<Running> trial = claim.map(c -> new Running(c, chosen[0],
                SearchLoop.trialSeed(seed, chosen[0].slot())));
        if (trial.isEmpty()) {
            return trial;
        }
        synchronized (current) {
            running = trial.get(); // held at once, so that a stop from here on hands the trial back
            if (stopped) {
                handBack(); // the stop came while the claim was being made
                return Optional.empty();
            }
        }
        return trial;
    }

    /** The claim's step on the shared state: lost trials queued (or given up), then a retry or a new proposal. */
    private Stepped<Optional<Architecture>> step(ClaimContext context, int totalTrials, double budgetSeconds,
                                                 WorkerState.Run[] chosen) {
        WorkerState state = WorkerState.read(context.state(), evaluator.space());
        try (Strategy strategy = restored(state)) {
            for (Claim lostTrial : context.lost()) {
                WorkerState.Run was = state.running.remove(lostTrial.number());
                if (was == null) {
                    continue; // claimed before this study's workers kept their runs: nothing to run again
                }
                if (was.attempt() < settings.maxRetries()) {
                    state.retries.add(new WorkerState.Run(was.proposed(), was.attempt() + 1, was.slot()));
                } else {
                    strategy.tellFailed(was.proposed());
                    state.strategy = Optional.of(strategy.saveState());
                }
            }
            WorkerState.Run next;
            if (!state.retries.isEmpty()) {
                next = state.retries.remove(0);
            } else if (state.slots < totalTrials && state.seconds < budgetSeconds) {
                Architecture proposed = strategy.ask();
                state.strategy = Optional.of(strategy.saveState());
                next = new WorkerState.Run(proposed, 0, state.slots++);
            } else {
                return new Stepped<>(Optional.empty(), state.toJson());
            }
            state.running.put(context.number(), next);
            chosen[0] = next;
            return new Stepped<>(Optional.of(next.proposed()), state.toJson());
        }
    }

    private Strategy restored(WorkerState state) {
        Strategy strategy = strategies.get();
        try {
            state.strategy.ifPresent(strategy::restoreState);
            return strategy;
        } catch (RuntimeException e) {
            strategy.close();
            throw e;
        }
    }

    /** Runs a claimed trial with its heartbeat, and reports it; false when another worker took it for lost. */
    private boolean runTrial(Running trial, StudyRunner.Listener listener) {
        AtomicBoolean letGo = new AtomicBoolean();
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "nas4j heartbeat, trial " + trial.claim().number());
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.heartbeat().toMillis();
        beats.scheduleAtFixedRate(() -> {
            try {
                if (!storage.heartbeat(study, trial.claim().number())) {
                    letGo.set(true);
                }
            } catch (RuntimeException e) {
                // A missed beat is retried at the next; only the grace period decides that a worker is lost.
            }
        }, every, every, TimeUnit.MILLISECONDS);
        Architecture proposed = trial.claim().proposed();
        long start = System.nanoTime();
        SearchLoop.Evaluated evaluated;
        try {
            int number = trial.claim().number();
            evaluated = SearchLoop.evaluate(evaluator, reward, new TrialContext(number, trial.trialSeed(),
                    new TrialCurves(storage, study, number, evaluator.space(), pruning)), proposed.canonical());
        } finally {
            beats.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (current) {
            if (running != trial) {
                return false; // handed back while it ran
            }
            running = null;
            if (letGo.get()) {
                return false;
            }
            Strategy[] told = new Strategy[1];
            try {
                retrying(() -> {
                    storage.reportTrial(study, evaluated.result(), trial.trialSeed(), seconds, saved -> {
                        WorkerState state = WorkerState.read(saved, evaluator.space());
                        state.running.remove(trial.claim().number());
                        state.seconds += seconds;
                        if (told[0] != null) {
                            told[0].close();
                        }
                        told[0] = restored(state);
                        evaluated.tell(told[0], proposed);
                        state.strategy = Optional.of(told[0].saveState());
                        return new Stepped<>(told[0].choiceProbabilities(), state.toJson());
                    });
                    return null;
                });
            } catch (RuntimeException e) {
                if (told[0] != null) {
                    told[0].close();
                }
                if (stillRunning(trial.claim().number())) {
                    throw e;
                }
                return false; // taken for lost before it could report: its proposal runs again elsewhere
            }
            try {
                listener.onTrial(evaluated.result(), told[0]);
            } finally {
                told[0].close();
            }
            return true;
        }
    }

    /** Tries of a call the storage failed transiently; the waits double from the heartbeat interval. */
    private static final int STORAGE_TRIES = 5;

    /**
     * Makes a storage call, again after a wait when it fails transiently (a dropped connection, a database
     * restarting): a worker outlives a short outage of the database rather than stopping with its trial held.
     */
    private <T> T retrying(Supplier<T> call) {
        long wait = settings.heartbeat().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt >= STORAGE_TRIES || !storage.isTransient(e) || !pause(Duration.ofMillis(wait))) {
                    throw e;
                }
                wait *= 2;
            }
        }
    }

    private boolean stillRunning(int number) {
        return storage.trials(study, evaluator.space()).stream().map(StudyStorage.StoredTrial::result)
                .anyMatch(r -> r.number() == number && r.state() == TrialState.RUNNING);
    }

    /**
     * Gives the trial under way back to the study, as a stopping worker does (on SIGTERM, say): it is FAILED as
     * handed back and its proposal runs again, with its slot and seed, not counted as a retry. A claim being made
     * meanwhile is handed back as soon as it commits. Safe to call from another thread; the worker claims nothing
     * more.
     *
     * @return the number of the trial handed back, if there was one
     */
    public Optional<Integer> handBack() {
        synchronized (current) {
            stopped = true;
            Running trial = running;
            if (trial == null) {
                return Optional.empty();
            }
            running = null;
            int number = trial.claim().number();
            TrialResult failed = TrialResult.failed(number, trial.claim().proposed().canonical(), HANDED_BACK);
            if (!stillRunning(number)) {
                return Optional.empty(); // already failed as lost: it runs again elsewhere
            }
            storage.reportTrial(study, failed, trial.trialSeed(), 0, saved -> {
                WorkerState state = WorkerState.read(saved, evaluator.space());
                WorkerState.Run run = state.running.remove(number);
                if (run != null) {
                    state.retries.add(0, run);
                }
                return new Stepped<>(Optional.empty(), state.toJson());
            });
            return Optional.of(number);
        }
    }

    /**
     * The trials that count against the study's budget and have ended for good, by all workers: those handed out
     * less those running and those waiting to run again.
     */
    public int countedTrials() {
        Optional<JsonNode> saved = storage.strategyState(study);
        if (saved.isEmpty()) {
            return 0;
        }
        WorkerState state = WorkerState.read(saved, evaluator.space());
        return state.slots - state.running.size() - state.retries.size();
    }

    /** The trials of the study so far, by number. */
    public List<StudyStorage.StoredTrial> trials() {
        return storage.trials(study, evaluator.space());
    }
}
