package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.eval.TrialPruned;
import org.nas4j.prune.Asha;
import org.nas4j.prune.Pruning;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.RegularizedEvolution;
import org.nas4j.study.Curve;
import org.nas4j.study.SearchLoop;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.StudyWorker;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;
import org.nas4j.toy.ChainToy;

/** Workers sharing a study through each backend: the budget, the slots and the lost workers. */
class StudyWorkerTest {
    private static final ChainToy TOY = new ChainToy(4, 3, 0.0, 5);
    private static final long SEED = 11;
    private static final StudyWorker.Settings QUICK = new StudyWorker.Settings(Duration.ofMillis(200),
            Duration.ofMillis(1_000), 2);

    @TempDir
    Path dir;
    private int made;
    private Supplier<StudyStorage> opener;

    /** A new study on the backend, and how each worker opens its own connection to it. */
    private void freshStudy(String backend) {
        if (backend.equals("postgresql")) {
            PostgresLocation location = PostgresLocation.parse(PostgresServer.get().newDatabase(),
                    PostgresServer.environment());
            opener = () -> PostgresStudyStorage.open(location);
        } else {
            Path file = dir.resolve("study-" + made++ + ".db");
            opener = () -> SqliteStudyStorage.open(file);
        }
        try (StudyStorage storage = opener.get()) {
            storage.openStudy("s", "h", "c", "{}");
        }
    }

    private static Supplier<org.nas4j.strategy.Strategy> evolution() {
        return () -> new RegularizedEvolution(TOY.space(), new EvolutionSettings(8, 3, false), 7);
    }

    private StudyWorker worker(StudyStorage storage, Evaluator evaluator, String name) {
        return new StudyWorker("s", storage, evolution(), evaluator, Reward.accuracy(), SEED, name, QUICK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void fourWorkersRunTheBudgetExactlyOnce(String backend) throws Exception {
        freshStudy(backend);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> ran = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String name = "worker-" + w;
            ran.add(pool.submit(() -> {
                try (StudyStorage storage = opener.get()) {
                    return worker(storage, TOY, name).run(40, OptionalDouble.empty(), () -> false, (t, s) -> { });
                }
            }));
        }
        int total = 0;
        for (Future<Integer> future : ran) {
            total += future.get();
        }
        pool.shutdown();
        assertEquals(40, total, "the workers ran 40 trials between them");
        try (StudyStorage storage = opener.get()) {
            List<StoredTrial> trials = storage.trials("s", TOY.space());
            assertEquals(IntStream.range(0, 40).boxed().toList(), trials.stream()
                    .map(t -> t.result().number()).toList());
            assertTrue(trials.stream().allMatch(t -> t.result().state() == TrialState.COMPLETE));
            assertTrue(trials.stream().allMatch(t -> t.worker().orElseThrow().startsWith("worker-")),
                    "each trial names the worker that claimed it");
            assertTrue(trials.stream().allMatch(t -> !t.finished().orElseThrow().isBefore(t.started().orElseThrow())));
            assertEquals(IntStream.range(0, 40).mapToObj(k -> SearchLoop.trialSeed(SEED, k)).sorted().toList(),
                    trials.stream().map(StoredTrial::seed).sorted().toList(), "every budget slot once");
            JsonNode shared = storage.strategyState("s").orElseThrow();
            assertEquals(40, shared.get("slots").asInt());
            assertEquals(0, shared.get("running").size());
            assertEquals(40, shared.get("strategy").get("told").asInt(), "the strategy heard of every trial");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aLostWorkersTrialRunsAgainWithItsSeedAndItsLateReportIsRefused(String backend) throws Exception {
        freshStudy(backend);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch retried = new CountDownLatch(1);
        Evaluator stalls = toyAfter(context -> {
            claimed.countDown();
            try {
                retried.await(); // as a worker whose machine froze, until its trial was taken from it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Integer> frozen = pool.submit(() -> {
            try (StudyStorage storage = new SilentHeartbeat(opener.get())) {
                return worker(storage, stalls, "frozen").run(6, OptionalDouble.empty(), stop::get, (t, s) -> {
                });
            }
        });
        claimed.await();
        stop.set(true);
        Thread.sleep(1_500); // past the grace period
        Evaluator noticing = toyAfter(context -> retried.countDown());
        try (StudyStorage storage = opener.get()) {
            assertEquals(6, worker(storage, noticing, "healthy").run(6, OptionalDouble.empty(), () -> false,
                    (t, s) -> { }));
        }
        assertEquals(0, frozen.get(), "the frozen worker's report came too late and was refused");
        pool.shutdown();
        try (StudyStorage storage = opener.get()) {
            List<TrialResult> results = storage.trials("s", TOY.space()).stream().map(StoredTrial::result)
                    .toList();
            List<StoredTrial> trials = storage.trials("s", TOY.space());
            assertEquals(7, results.size(), "six counted trials and the lost one");
            assertEquals(TrialState.FAILED, results.get(0).state());
            assertEquals(Optional.of(StudyWorker.LOST), results.get(0).error());
            assertEquals(results.get(0).architecture(), results.get(1).architecture(), "proposed again");
            assertEquals(SearchLoop.trialSeed(SEED, 0), trials.get(1).seed(), "with its slot's seed");
            assertTrue(results.subList(1, 7).stream().allMatch(TrialResult::isComplete));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aStoppedWorkerHandsItsTrialBackAndItRunsAgainUncounted(String backend) throws Exception {
        freshStudy(backend);
        StudyWorker[] self = new StudyWorker[1];
        AtomicBoolean handedBack = new AtomicBoolean();
        Evaluator stopsOnce = toyAfter(context -> {
            if (!handedBack.getAndSet(true)) {
                assertEquals(Optional.of(context.trialNumber()), self[0].handBack(), "SIGTERM, mid-trial");
            }
        });
        try (StudyStorage storage = opener.get()) {
            self[0] = worker(storage, stopsOnce, "w");
            assertEquals(0, self[0].run(3, OptionalDouble.empty(), () -> false, (t, s) -> { }),
                    "a stopped worker claims nothing more");
            assertEquals(Optional.empty(), self[0].handBack(), "nothing left to hand back");
            assertEquals(3, worker(storage, stopsOnce, "next").run(3, OptionalDouble.empty(), () -> false,
                    (t, s) -> { }));
            List<StoredTrial> trials = storage.trials("s", TOY.space());
            assertEquals(4, trials.size());
            assertEquals(Optional.of(StudyWorker.HANDED_BACK), trials.get(0).result().error());
            assertEquals(trials.get(0).result().architecture(), trials.get(1).result().architecture());
            assertEquals(SearchLoop.trialSeed(SEED, 0), trials.get(1).seed());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aStopThatComesWhileATrialIsClaimedHandsItBackOnceClaimed(String backend) throws Exception {
        freshStudy(backend);
        StudyWorker[] self = new StudyWorker[1];
        AtomicBoolean stopped = new AtomicBoolean();
        // The strategy is restored inside the claim's transaction: a stop here lands before the claim commits.
        Supplier<org.nas4j.strategy.Strategy> stopsWhileClaiming = () -> {
            if (!stopped.getAndSet(true)) {
                assertEquals(Optional.empty(), self[0].handBack(), "no trial is held yet");
            }
            return evolution().get();
        };
        try (StudyStorage storage = opener.get()) {
            self[0] = new StudyWorker("s", storage, stopsWhileClaiming, toyAfter(context -> {
                throw new AssertionError("a stopped worker trained trial " + context.trialNumber());
            }), Reward.accuracy(), SEED, "w", QUICK);
            assertEquals(0, self[0].run(3, OptionalDouble.empty(), () -> false, (t, s) -> { }));
            List<StoredTrial> trials = storage.trials("s", TOY.space());
            assertEquals(1, trials.size());
            assertEquals(Optional.of(StudyWorker.HANDED_BACK), trials.get(0).result().error());
            assertEquals(0, self[0].countedTrials(), "handed back, not counted");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aWorkerOutlivesADroppedConnectionAndAFailureThatLastsIsThrown(String backend) throws Exception {
        freshStudy(backend);
        try (StudyStorage storage = new Flaky(opener.get(), 2, 2)) {
            assertEquals(3, worker(storage, TOY, "w").run(3, OptionalDouble.empty(), () -> false, (t, s) -> { }),
                    "two failed claims and two failed reports, each tried again");
            assertTrue(storage.trials("s", TOY.space()).stream().allMatch(t -> t.result().isComplete()));
        }
        try (StudyStorage storage = new Flaky(opener.get(), 100, 0)) {
            StorageException lasting = assertThrows(StorageException.class, () -> worker(storage, TOY, "w")
                    .run(6, OptionalDouble.empty(), () -> false, (t, s) -> { }));
            assertEquals("the database went away", lasting.getMessage());
        }
    }

    /** A trial that trains for three grace periods keeps its heartbeat, while another worker looks for lost ones. */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aLongTrialsHeartbeatKeepsItFromBeingTakenForLost(String backend) throws Exception {
        freshStudy(backend);
        CountDownLatch started = new CountDownLatch(1);
        Evaluator slowFirst = toyAfter(context -> {
            if (started.getCount() > 0) {
                started.countDown();
                try {
                    Thread.sleep(3 * QUICK.grace().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Integer> slow = pool.submit(() -> {
            try (StudyStorage storage = opener.get()) {
                return worker(storage, slowFirst, "slow").run(4, OptionalDouble.empty(), () -> false, (t, s) -> { });
            }
        });
        started.await();
        try (StudyStorage storage = opener.get()) {
            List<StudyStorage.Heartbeat> beats = storage.heartbeats("s");
            assertEquals(1, beats.size(), "the slow trial runs, with its heartbeat");
            assertEquals("slow", beats.get(0).worker());
            assertTrue(beats.get(0).age().compareTo(QUICK.grace()) < 0, beats.toString());
            // Runs the other three, then waits for the slow one, claiming (and looking for lost trials) each grace.
            assertEquals(3, worker(storage, TOY, "quick").run(4, OptionalDouble.empty(), () -> false, (t, s) -> { }));
            assertEquals(1, slow.get());
            pool.shutdown();
            List<StoredTrial> trials = storage.trials("s", TOY.space());
            assertEquals(4, trials.size());
            assertTrue(trials.stream().allMatch(t -> t.result().state() == TrialState.COMPLETE), trials.toString());
            assertEquals(List.of(), storage.heartbeats("s"), "none runs");
        }
    }

    /** The toy, doing {@code first} at the start of each evaluation. */
    /**
     * A trial's epochs become its curves as they are reported, whether a worker or a study in one process runs it;
     * one stopped by its reporter keeps the curve it reached and is PRUNED with what it measured.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void reportedEpochsAreKeptAsEachTrialsCurves(String backend) {
        freshStudy(backend);
        Evaluator threeEpochs = toyAfter(context -> {
            for (int epoch = 1; epoch <= 3; epoch++) {
                context.reporter().report(epoch, 0.25 * epoch + context.trialNumber() / 100.0, 2.0 / epoch);
                if (context.trialNumber() == 1 && epoch == 2) {
                    throw new TrialPruned(epoch, 0.51, "median", "below the median");
                }
            }
        });
        try (StudyStorage storage = opener.get()) {
            assertEquals(3, worker(storage, threeEpochs, "w").run(3, OptionalDouble.empty(), () -> false,
                    (t, s) -> { }));
            Map<String, List<Curve.Point>> byName = new java.util.HashMap<>();
            for (Curve curve : storage.curves("s")) {
                byName.put(curve.owner() + " " + curve.name(), curve.points());
            }
            assertEquals(List.of(new Curve.Point(1, 0.25), new Curve.Point(2, 0.5), new Curve.Point(3, 0.75)),
                    byName.get("0 " + Curve.VALIDATION_ACCURACY));
            assertEquals(List.of(new Curve.Point(1, 2.0), new Curve.Point(2, 1.0), new Curve.Point(3, 2.0 / 3)),
                    byName.get("0 " + Curve.VALIDATION_LOSS));
            assertEquals(2, byName.get("1 " + Curve.VALIDATION_ACCURACY).size(), "the pruned trial's partial curve");
            StoredTrial pruned = storage.trials("s", TOY.space()).get(1);
            assertEquals(TrialState.PRUNED, pruned.result().state());
            assertEquals(0.51, pruned.result().reward(), "its last accuracy, told as its reward");
            assertEquals(0.51, pruned.result().metrics().orElseThrow().accuracy());
        }
        try (StudyStorage storage = opener.get()) {
            storage.openStudy("one", "h", "c", "{}");
            new org.nas4j.study.StudyRunner("one", storage, evolution().get(), threeEpochs, Reward.accuracy(), SEED)
                    .run(2, (t, s) -> { });
            assertEquals(4, storage.curves("one").size(), "two curves of each of two trials");
        }
    }

    /**
     * With ASHA over nine epochs (rungs at 1 and 3), a trial stops at a rung or trains to the end: its curve ends
     * there, its reward is its accuracy there, and workers on either backend share the rungs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void ashaStopsTrialsAtItsRungsAndKeepsWhatTheyReached(String backend) throws Exception {
        freshStudy(backend);
        // Each architecture learns at its own pace: the toy's accuracy, reached in steps over nine epochs.
        Evaluator nineEpochs = new Evaluator() {
            @Override
            public SearchSpace space() {
                return TOY.space();
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) {
                double accuracy = TOY.evaluate(architecture, context).accuracy();
                for (int epoch = 1; epoch <= 9; epoch++) {
                    context.reporter().report(epoch, accuracy * epoch / 9, 1.0 / epoch);
                }
                return Metrics.ofAccuracy(accuracy);
            }
        };
        Optional<Pruning> asha = Optional.of(new Pruning(new Asha(1, 3), 9));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> ran = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            String name = "worker-" + w;
            ran.add(pool.submit(() -> {
                try (StudyStorage storage = opener.get()) {
                    return worker(storage, nineEpochs, name).pruning(asha).run(30, OptionalDouble.empty(),
                            () -> false, (t, s) -> { });
                }
            }));
        }
        assertEquals(30, ran.get(0).get() + ran.get(1).get());
        pool.shutdown();
        try (StudyStorage storage = opener.get()) {
            Map<Integer, List<Curve.Point>> curves = new java.util.HashMap<>();
            storage.curves("s").stream().filter(c -> c.name().equals(Curve.VALIDATION_ACCURACY))
                    .forEach(c -> curves.put(c.owner(), c.points()));
            int pruned = 0;
            for (StoredTrial trial : storage.trials("s", TOY.space())) {
                TrialResult result = trial.result();
                List<Curve.Point> curve = curves.get(result.number());
                if (result.state() == TrialState.PRUNED) {
                    pruned++;
                    int rung = curve.size();
                    assertTrue(rung == 1 || rung == 3, "stopped at a rung: " + curve);
                    assertTrue(result.error().orElseThrow().startsWith("pruned by asha after epoch " + rung + ": "),
                            result.error().orElseThrow());
                    assertEquals(curve.get(rung - 1).value(), result.reward(), "its reward is where it stopped");
                } else {
                    assertEquals(TrialState.COMPLETE, result.state());
                    assertEquals(9, curve.size(), "a trial that was not stopped trains every epoch");
                }
            }
            assertTrue(pruned >= 10 && pruned < 30, pruned + " of 30 stopped: most, not all");
        }
    }

    private static Evaluator toyAfter(Consumer<TrialContext> first) {
        return new Evaluator() {
            @Override
            public SearchSpace space() {
                return TOY.space();
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) {
                first.accept(context);
                return TOY.evaluate(architecture, context);
            }
        };
    }

    /** A storage whose heartbeats never arrive, as from a worker whose machine froze. */
    private static final class SilentHeartbeat extends Delegating {
        SilentHeartbeat(StudyStorage inner) {
            super(inner);
        }

        @Override
        public boolean heartbeat(String study, int number) {
            return true;
        }
    }

    /** A storage whose first claims and reports fail as a dropped connection does, then work. */
    private static final class Flaky extends Delegating {
        private int claimFailures;
        private int reportFailures;

        Flaky(StudyStorage inner, int claimFailures, int reportFailures) {
            super(inner);
            this.claimFailures = claimFailures;
            this.reportFailures = reportFailures;
        }

        private static StorageException dropped() {
            return new StorageException("the database went away", new java.sql.SQLTransientConnectionException(
                    "Connection is not available", "08006"));
        }

        @Override
        public Optional<Claim> claimTrial(String study, String worker, LostWorkers lost, ClaimStep ask) {
            if (claimFailures-- > 0) {
                throw dropped();
            }
            return super.claimTrial(study, worker, lost, ask);
        }

        @Override
        public void reportTrial(String study, TrialResult result, long seed, double seconds,
                                StateStep<Optional<List<double[]>>> tell) {
            if (reportFailures-- > 0) {
                throw dropped();
            }
            super.reportTrial(study, result, seed, seconds, tell);
        }
    }

    /** Every call passed to another storage, for tests that change one. */
    private static class Delegating implements StudyStorage {
        private final StudyStorage inner;

        Delegating(StudyStorage inner) {
            this.inner = inner;
        }

        @Override
        public boolean isTransient(RuntimeException failure) {
            return inner.isTransient(failure);
        }

        @Override
        public Progress progress(String study) {
            return inner.progress(study);
        }

        @Override
        public List<Heartbeat> heartbeats(String study) {
            return inner.heartbeats(study);
        }

        @Override
        public boolean heartbeat(String study, int number) {
            return inner.heartbeat(study, number);
        }

        @Override
        public void openStudy(String study, String configHash, String config, String provenance) {
            inner.openStudy(study, configHash, config, provenance);
        }

        @Override
        public int startTrial(String study, Architecture architecture) {
            return inner.startTrial(study, architecture);
        }

        @Override
        public void finishTrial(String study, TrialResult result, long seed, double seconds,
                                com.fasterxml.jackson.databind.node.ObjectNode strategyState,
                                Optional<List<double[]>> choiceProbabilities) {
            inner.finishTrial(study, result, seed, seconds, strategyState, choiceProbabilities);
        }

        @Override
        public List<StoredTrial> trials(String study, SearchSpace space) {
            return inner.trials(study, space);
        }

        @Override
        public Optional<JsonNode> strategyState(String study) {
            return inner.strategyState(study);
        }

        @Override
        public void recordCurve(String study, int owner, String name, List<org.nas4j.study.Curve.Point> points) {
            inner.recordCurve(study, owner, name, points);
        }

        @Override
        public List<org.nas4j.study.Curve> curves(String study) {
            return inner.curves(study);
        }

        @Override
        public List<StudyInfo> studies() {
            return inner.studies();
        }

        @Override
        public List<Integer> failRunning(String study, String reason) {
            return inner.failRunning(study, reason);
        }

        @Override
        public Optional<Claim> claimTrial(String study, String worker, LostWorkers lost, ClaimStep ask) {
            return inner.claimTrial(study, worker, lost, ask);
        }

        @Override
        public void reportTrial(String study, TrialResult result, long seed, double seconds,
                                StateStep<Optional<List<double[]>>> tell) {
            inner.reportTrial(study, result, seed, seconds, tell);
        }

        @Override
        public List<Claim> failStale(String study, SearchSpace space, Duration grace, String reason) {
            return inner.failStale(study, space, grace, reason);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
