package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nas4j.eval.Metrics;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.StateJson;
import org.nas4j.strategy.reinforce.FactorizedPolicy;
import org.nas4j.strategy.reinforce.Reinforce;
import org.nas4j.strategy.reinforce.ReinforceSettings;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyRunner;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.StudyStorage.StudyInfo;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;
import org.nas4j.toy.ChainToy;

/**
 * What every {@link StudyStorage} promises, as tests: a backend's test extends this class and says how to make a
 * fresh storage, open it again and open it to read. Failures are {@link StorageException}s.
 */
public abstract class StudyStorageContract {
    protected static final SearchSpace SPACE = SearchSpace.builder().decision("kernel", 3, 5, 7)
            .decision("se", 0, 0.25).build();
    private static final Architecture A = SPACE.architecture(1, 1);
    private static final Architecture B = SPACE.architecture(0, 0);

    /** A new storage that holds no study. */
    protected abstract StudyStorage create();

    /** Another storage on what the last {@link #create} made, as another worker process would open it. */
    protected abstract StudyStorage openAgain();

    /** The storage the last {@link #create} made, opened only to read. */
    protected abstract StudyStorage openReadOnly();

    private static StudyStorage opened(StudyStorage storage, String... studies) {
        for (String study : studies) {
            storage.openStudy(study, "hash-" + study, "config of " + study, "{\"by\":\"" + study + "\"}");
        }
        return storage;
    }

    private static ObjectNode state(int told) {
        return StateJson.newState("test").put("told", told);
    }

    private static int told(StudyStorage storage, String study) {
        return storage.strategyState(study).orElseThrow().get("told").asInt();
    }

    private static TrialResult completed(int number, Architecture architecture, double accuracy) {
        return TrialResult.completed(number, architecture, Metrics.ofAccuracy(accuracy), accuracy);
    }

    private static void finish(StudyStorage storage, String study, TrialResult result, int told) {
        storage.finishTrial(study, result, 7, 1.0, state(told), Optional.empty());
    }

    private static List<TrialResult> results(StudyStorage storage, String study) {
        return storage.trials(study, SPACE).stream().map(StoredTrial::result).toList();
    }

    @Test
    void trialNumbersAreHandedOutInOrderFromZeroInEachStudy() {
        try (StudyStorage storage = opened(create(), "s", "t")) {
            assertEquals(0, storage.startTrial("s", A));
            assertEquals(1, storage.startTrial("s", B));
            assertEquals(0, storage.startTrial("t", A));
            finish(storage, "s", completed(0, A, 0.5), 1);
            assertEquals(2, storage.startTrial("s", A));
            try (StudyStorage again = openAgain()) {
                assertEquals(3, again.startTrial("s", B), "another worker continues the numbers");
            }
            assertEquals(List.of(0, 1, 2, 3), results(storage, "s").stream().map(TrialResult::number).toList());
            assertEquals(List.of(A, B, A, B), results(storage, "s").stream().map(TrialResult::architecture).toList());
        }
    }

    @Test
    void trialNumbersAreHandedOutOnceToConcurrentWorkers() throws Exception {
        try (StudyStorage first = opened(create(), "s"); StudyStorage second = openAgain()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                StudyStorage storage = worker % 2 == 0 ? first : second;
                futures.add(pool.submit(() -> {
                    List<Integer> numbers = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        numbers.add(storage.startTrial("s", A));
                    }
                    return numbers;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> future : futures) {
                List<Integer> numbers = future.get();
                assertEquals(numbers.stream().sorted().toList(), numbers, "each worker's numbers rise");
                all.addAll(numbers);
            }
            pool.shutdown();
            Collections.sort(all);
            assertEquals(IntStream.range(0, 100).boxed().toList(), all);
            assertEquals(100, first.trials("s", SPACE).size());
        }
    }

    @Test
    void aFinishedTrialNeverChangesAgain() {
        try (StudyStorage storage = opened(create(), "s")) {
            storage.startTrial("s", A);
            TrialResult done = completed(0, A, 0.9);
            finish(storage, "s", done, 1);
            assertThrows(StorageException.class, () -> finish(storage, "s", done, 2));
            assertThrows(StorageException.class,
                    () -> finish(storage, "s", TrialResult.failed(0, A, "changed my mind"), 3));
            assertEquals(List.of(), storage.failRunning("s", "interrupted"));
            assertEquals(List.of(done), results(storage, "s"));
            assertEquals(1, told(storage, "s"), "a finish that fails saves no state");
        }
    }

    @Test
    void onlyAStartedTrialCanBeFinished() {
        try (StudyStorage storage = opened(create(), "s", "t")) {
            storage.startTrial("t", A);
            assertThrows(StorageException.class, () -> finish(storage, "s", completed(0, A, 0.9), 1),
                    "trial 0 was started in another study");
            assertEquals(List.of(), storage.trials("s", SPACE));
            assertEquals(Optional.empty(), storage.strategyState("s"));
        }
    }

    /** A reader sees a finished trial and the state saved with it together, the state of the last finish. */
    @Test
    void aTrialsResultAndTheStrategyStateAfterItAreSeenTogether() {
        try (StudyStorage writer = opened(create(), "s"); StudyStorage reader = openAgain()) {
            writer.startTrial("s", A);
            writer.startTrial("s", B);
            assertEquals(Optional.empty(), reader.strategyState("s"), "no state before the first finish");
            finish(writer, "s", completed(1, B, 0.4), 1);
            assertEquals(List.of(TrialState.RUNNING, TrialState.COMPLETE),
                    results(reader, "s").stream().map(TrialResult::state).toList());
            assertEquals(1, told(reader, "s"));
            finish(writer, "s", TrialResult.pruned(0, A, "over the latency limit"), 2);
            assertEquals(List.of(TrialState.PRUNED, TrialState.COMPLETE),
                    results(reader, "s").stream().map(TrialResult::state).toList());
            assertEquals(2, told(reader, "s"));
        }
    }

    @Test
    void failRunningFailsTheRunningTrialsOfOneStudy() {
        try (StudyStorage storage = opened(create(), "s", "t")) {
            storage.startTrial("s", A);
            finish(storage, "s", completed(0, A, 0.5), 1);
            storage.startTrial("s", B);
            storage.startTrial("s", A);
            storage.startTrial("t", B);
            assertEquals(List.of(1, 2), storage.failRunning("s", "interrupted"));
            assertEquals(List.of(completed(0, A, 0.5), TrialResult.failed(1, B, "interrupted"),
                    TrialResult.failed(2, A, "interrupted")), results(storage, "s"));
            assertEquals(1, told(storage, "s"), "failing running trials leaves the state");
            assertEquals(List.of(TrialState.RUNNING), results(storage, "t").stream().map(TrialResult::state).toList());
            assertEquals(List.of(), storage.failRunning("s", "again"));
            assertThrows(StorageException.class, () -> finish(storage, "s", completed(1, B, 0.7), 2),
                    "a trial failed as interrupted is finished");
        }
    }

    @Test
    void aStudyOpensAgainOnlyWithItsConfig() {
        try (StudyStorage storage = opened(create(), "s")) {
            storage.openStudy("s", "hash-s", "config of s, reformatted", "{}");
            StorageException other = assertThrows(StorageException.class,
                    () -> storage.openStudy("s", "another-hash", "other config", "{}"));
            assertTrue(other.getMessage().contains("'s'"), "the message names the study: " + other.getMessage());
            assertEquals(List.of("config of s"), storage.studies().stream().map(StudyInfo::config).toList());
        }
        try (StudyStorage again = openAgain()) {
            assertThrows(StorageException.class, () -> again.openStudy("s", "another-hash", "other config", "{}"));
        }
    }

    @Test
    void studiesAreListedByNameWithWhatTheyWereStartedWith() {
        try (StudyStorage storage = create()) {
            assertEquals(List.of(), storage.studies());
            Instant before = Instant.now();
            opened(storage, "b", "a");
            List<StudyInfo> studies = storage.studies();
            assertEquals(List.of(
                    new StudyInfo("a", "hash-a", "config of a", "{\"by\":\"a\"}", studies.get(0).created()),
                    new StudyInfo("b", "hash-b", "config of b", "{\"by\":\"b\"}", studies.get(1).created())),
                    studies);
            for (StudyInfo study : studies) {
                assertTrue(!Instant.parse(study.created()).isBefore(before.minusSeconds(1)), study.created());
            }
        }
        try (StudyStorage again = openAgain()) {
            assertEquals(List.of("a", "b"), again.studies().stream().map(StudyInfo::name).toList());
        }
    }

    @Test
    void progressCountsTrialsAndChangesWithEachOne() {
        try (StudyStorage storage = opened(create(), "s", "t")) {
            assertEquals(new StudyStorage.Progress(0, 0, "", 0, 0), storage.progress("s"));
            int number = storage.startTrial("s", A);
            StudyStorage.Progress started = storage.progress("s");
            assertEquals(1, started.trials());
            assertEquals(0, started.finished());
            assertFalse(started.lastChange().isEmpty());
            storage.finishTrial("s", completed(number, A, 0.5), 1, 0.1, state(1), Optional.empty());
            StudyStorage.Progress finished = storage.progress("s");
            assertEquals(1, finished.finished());
            assertFalse(Instant.parse(finished.lastChange()).isBefore(Instant.parse(started.lastChange())));
            assertEquals(new StudyStorage.Progress(0, 0, "", 0, 0), storage.progress("t"), "studies apart");
        }
    }

    @Test
    void curvesRoundTripByOwnerAndNameAndAStepAgainReplacesItsPoint() {
        try (StudyStorage storage = opened(create(), "s", "t")) {
            assertEquals(List.of(), storage.curves("s"));
            storage.recordCurve("s", 2, "val_accuracy", List.of(new Curve.Point(1, 0.5), new Curve.Point(2, 0.6)));
            storage.recordCurve("s", Curve.STUDY, Curve.SUPERNET_LOSS, List.of(new Curve.Point(10, 2.3)));
            storage.recordCurve("s", Curve.STUDY, Curve.SUPERNET_LOSS, List.of(new Curve.Point(20, 1.9),
                    new Curve.Point(10, 2.25)));
            storage.recordCurve("s", 0, "val_accuracy", List.of(new Curve.Point(1, 0.4)));
            storage.recordCurve("t", 0, "val_accuracy", List.of(new Curve.Point(1, 0.9)));
            storage.recordCurve("s", 0, "val_accuracy", List.of());
            List<Curve> expected = List.of(
                    new Curve(Curve.STUDY, Curve.SUPERNET_LOSS, List.of(new Curve.Point(10, 2.25),
                            new Curve.Point(20, 1.9))),
                    new Curve(0, "val_accuracy", List.of(new Curve.Point(1, 0.4))),
                    new Curve(2, "val_accuracy", List.of(new Curve.Point(1, 0.5), new Curve.Point(2, 0.6))));
            assertEquals(expected, storage.curves("s"));
            assertEquals(5, storage.progress("s").curvePoints(), "a step recorded again is replaced, not added");
            assertEquals(1, storage.progress("t").curvePoints(), "studies apart");
            assertThrows(IllegalArgumentException.class, () -> storage.recordCurve("s", -2, "x", List.of()));
            assertThrows(IllegalArgumentException.class, () -> new Curve.Point(1, Double.NaN));
        }
        try (StudyStorage again = openAgain()) {
            assertEquals(3, again.curves("s").size());
        }
    }

    @Test
    void resultsMetricsProbabilitiesAndStatesRoundTrip() {
        List<StoredTrial> written = List.of(
                new StoredTrial(TrialResult.completed(0, A, new Metrics(0.91, 12.5, 3.25, 26_078, 5_202_464),
                        0.875), -3_775_411_560_513_059_120L, 1.5,
                        Optional.of(List.of(new double[] {0.2, 0.5, 0.3}, new double[] {0.1 + 0.2, 0.7}))),
                new StoredTrial(completed(1, B, 0.1 + 0.2), Long.MAX_VALUE, 1e-9, Optional.empty()),
                new StoredTrial(TrialResult.failed(2, A, "OutOfMemoryError: 'quoted' \"too\""), 0, 0.25,
                        Optional.empty()),
                new StoredTrial(TrialResult.pruned(3, B, "latency 12 ms is over 10 ms"), -1, 0.0,
                        Optional.of(List.of(new double[] {Double.MIN_VALUE, 1 - Double.MIN_VALUE}))));
        ObjectNode state = state(4).put("tiny", Double.MIN_VALUE).put("third", 1.0 / 3)
                .put("big", -Double.MAX_VALUE);
        state.set("logits", StateJson.toArray(new double[] {0.1 + 0.2, -0.0, 1e-300}));
        try (StudyStorage storage = opened(create(), "s")) {
            for (StoredTrial trial : written) {
                storage.startTrial("s", trial.result().architecture());
                storage.finishTrial("s", trial.result(), trial.seed(), trial.seconds(), state,
                        trial.choiceProbabilities());
            }
        }
        try (StudyStorage again = openAgain()) {
            List<StoredTrial> read = again.trials("s", SPACE);
            assertEquals(written.size(), read.size());
            for (int i = 0; i < written.size(); i++) {
                assertEquals(written.get(i).result(), read.get(i).result(), "trial " + i);
                assertEquals(written.get(i).seed(), read.get(i).seed(), "seed of trial " + i);
                assertEquals(written.get(i).seconds(), read.get(i).seconds(), "seconds of trial " + i);
                Instant started = read.get(i).started().orElseThrow();
                assertFalse(read.get(i).finished().orElseThrow().isBefore(started),
                        "trial " + i + " ends after it starts");
                assertEquals(Optional.empty(), read.get(i).worker(), "a trial no worker claimed");
                assertEquals(written.get(i).choiceProbabilities().isPresent(),
                        read.get(i).choiceProbabilities().isPresent(), "probabilities of trial " + i);
                for (int d = 0; d < written.get(i).choiceProbabilities().map(List::size).orElse(0); d++) {
                    assertArrayEquals(written.get(i).choiceProbabilities().get().get(d),
                            read.get(i).choiceProbabilities().get().get(d), "trial " + i + ", decision " + d);
                }
            }
            assertEquals(state, again.strategyState("s").orElseThrow());
        }
    }

    @Test
    void studiesAreKeptApart() {
        try (StudyStorage storage = opened(create(), "s", "t")) {
            storage.startTrial("s", A);
            storage.startTrial("t", B);
            storage.startTrial("t", A);
            finish(storage, "t", completed(1, A, 0.6), 5);
            assertEquals(List.of(0), storage.failRunning("s", "stopped"));
            assertEquals(List.of(TrialResult.failed(0, A, "stopped")), results(storage, "s"));
            assertEquals(Optional.empty(), storage.strategyState("s"), "t's state is not s's");
            assertEquals(5, told(storage, "t"));
            assertEquals(List.of(TrialState.RUNNING, TrialState.COMPLETE),
                    results(storage, "t").stream().map(TrialResult::state).toList());
            assertEquals(List.of(), storage.trials("unknown", SPACE));
            assertEquals(Optional.empty(), storage.strategyState("unknown"));
        }
    }

    @Test
    void aStorageOpenedToReadReadsAllAndWritesNothing() {
        try (StudyStorage storage = opened(create(), "s")) {
            storage.startTrial("s", A);
            finish(storage, "s", completed(0, A, 0.5), 1);
            storage.startTrial("s", B);
        }
        try (StudyStorage reader = openReadOnly(); StudyStorage again = openAgain()) {
            assertEquals(again.studies(), reader.studies());
            assertEquals(results(again, "s"), results(reader, "s"));
            assertEquals(again.strategyState("s"), reader.strategyState("s"));
            List<Executable> writes = List.of(
                    () -> reader.openStudy("new", "h", "c", "{}"),
                    () -> reader.openStudy("s", "hash-s", "config of s", "{}"),
                    () -> reader.startTrial("s", A),
                    () -> finish(reader, "s", completed(1, B, 0.5), 2),
                    () -> reader.failRunning("s", "interrupted"));
            for (Executable write : writes) {
                StorageException refused = assertThrows(StorageException.class, write);
                assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
            }
            assertEquals(List.of(completed(0, A, 0.5), new TrialResult(1, B, TrialState.RUNNING, Optional.empty(),
                    Double.NaN, Optional.empty())), results(again, "s"));
            assertEquals(1, told(again, "s"));
            assertEquals(List.of("s"), again.studies().stream().map(StudyInfo::name).toList());
        }
    }

    /**
     * A study stopped after 12 finished trials, with a 13th running, continues after a restart with its strategy
     * restored: the architectures it proposes are those an uninterrupted study proposes.
     */
    @Test
    void aResumedStudyContinuesWhereItStopped() {
        ChainToy toy = new ChainToy(4, 3, 0.0, 5);
        ReinforceSettings settings = ReinforceSettings.defaults(0.1);
        List<StoredTrial> uninterrupted;
        try (StudyStorage storage = opened(create(), "s")) {
            Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 3);
            uninterrupted = new StudyRunner("s", storage, strategy, toy, Reward.accuracy(), 9).run(30, (t, s) -> { });
        }
        try (StudyStorage storage = opened(create(), "s")) {
            Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 3);
            new StudyRunner("s", storage, strategy, toy, Reward.accuracy(), 9).run(12, (t, s) -> { });
            storage.startTrial("s", toy.space().architecture(0, 0, 0, 0)); // the crash: a trial left running
        }
        List<StoredTrial> resumed;
        try (StudyStorage storage = opened(openAgain(), "s")) {
            // Another seed: everything it needs must come from the stored state.
            Reinforce fresh = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 999);
            StudyRunner runner = new StudyRunner("s", storage, fresh, toy, Reward.accuracy(), 9);
            assertEquals(uninterrupted.subList(0, 12).stream().map(StoredTrial::result)
                    .filter(TrialResult::isComplete).mapToDouble(TrialResult::reward).max(), runner.bestReward(),
                    "the best of the trials before the crash");
            resumed = runner.run(30, (t, s) -> { });
        }
        assertEquals(31, resumed.size());
        assertEquals(TrialState.FAILED, resumed.get(12).result().state());
        for (int i = 0; i < 12; i++) {
            assertEquals(uninterrupted.get(i).result(), resumed.get(i).result(), "trial " + i + " kept as it was");
        }
        for (int i = 12; i < 30; i++) {
            assertEquals(uninterrupted.get(i).result().architecture(), resumed.get(i + 1).result().architecture(),
                    "proposal " + i + " after the restart");
            assertEquals(uninterrupted.get(i).seed(), resumed.get(i + 1).seed(), "the seed of proposal " + i);
        }
    }

    // ---------------------------------------------------------------- workers sharing a study

    private static final StudyStorage.LostWorkers AFTER_A_MINUTE = new StudyStorage.LostWorkers(SPACE,
            Duration.ofMinutes(1), "worker lost");

    /**
     * A claim's ask that counts: it proposes A and leaves the count of asks one higher, noting what it saw (and
     * checking that it is told the number the trial gets, which for these studies is the count).
     */
    private static StudyStorage.ClaimStep counting(List<Integer> seen) {
        return context -> {
            int asked = context.state().map(s -> s.path("asked").asInt()).orElse(0);
            seen.add(asked);
            assertEquals(asked, context.number());
            ObjectNode after = context.state().map(s -> (ObjectNode) s.deepCopy())
                    .orElse(StateJson.newState("test"));
            return new StudyStorage.Stepped<>(Optional.of(A), after.put("asked", asked + 1));
        };
    }

    private static StudyStorage.Claim claim(StudyStorage storage, String worker, List<Integer> seen) {
        return storage.claimTrial("s", worker, AFTER_A_MINUTE, counting(seen)).orElseThrow();
    }

    /** A report's tell that counts the tells in the shared state. */
    private static final StudyStorage.StateStep<Optional<List<double[]>>> TELL = state -> {
        ObjectNode after = (ObjectNode) state.orElseThrow().deepCopy();
        return new StudyStorage.Stepped<>(Optional.empty(), after.put("told", after.path("told").asInt() + 1));
    };

    @Test
    void workersInOtherProcessesNeverAskFromTheSameState() throws Exception {
        try (StudyStorage first = opened(create(), "s"); StudyStorage second = openAgain()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                StudyStorage storage = worker % 2 == 0 ? first : second;
                String name = "worker-" + worker;
                futures.add(pool.submit(() -> {
                    List<Integer> numbers = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        numbers.add(claim(storage, name, seen).number());
                    }
                    return numbers;
                }));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<List<Integer>> future : futures) {
                numbers.addAll(future.get());
            }
            pool.shutdown();
            Collections.sort(numbers);
            List<Integer> seenSorted = new ArrayList<>(seen);
            Collections.sort(seenSorted);
            assertEquals(IntStream.range(0, 40).boxed().toList(), numbers, "each number claimed once");
            assertEquals(IntStream.range(0, 40).boxed().toList(), seenSorted, "each ask saw the state the last left");
            assertEquals(40, first.strategyState("s").orElseThrow().get("asked").asInt());
            assertTrue(results(first, "s").stream().allMatch(r -> r.state() == TrialState.RUNNING));
        }
    }

    @Test
    void reportsInAnyOrderEachTellTheSharedState() {
        try (StudyStorage first = opened(create(), "s"); StudyStorage second = openAgain()) {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                claim(first, "w1", seen);
            }
            second.reportTrial("s", completed(2, A, 0.7), 5, 1.0, TELL);
            first.reportTrial("s", completed(0, A, 0.5), 5, 1.0, TELL);
            assertEquals(2, second.strategyState("s").orElseThrow().get("told").asInt());
            assertEquals(3, second.strategyState("s").orElseThrow().get("asked").asInt(),
                    "a report keeps what the claims left");
            assertEquals(List.of(TrialState.COMPLETE, TrialState.RUNNING, TrialState.COMPLETE),
                    results(first, "s").stream().map(TrialResult::state).toList());
        }
    }

    @Test
    void aTrialWhoseHeartbeatStoppedIsFailedOnceAndItsWorkerLearnsOfIt() throws Exception {
        try (StudyStorage storage = opened(create(), "s"); StudyStorage other = openAgain()) {
            List<Integer> seen = new ArrayList<>();
            StudyStorage.Claim lost = claim(storage, "lost", seen);
            StudyStorage.Claim alive = claim(storage, "alive", seen);
            assertEquals(List.of(), other.failStale("s", SPACE, Duration.ofMinutes(10), "worker lost"));
            Thread.sleep(2_000);
            assertTrue(storage.heartbeat("s", alive.number()));
            List<StudyStorage.Claim> failed = other.failStale("s", SPACE, Duration.ofMillis(1_000), "worker lost");
            assertEquals(List.of(new StudyStorage.Claim(lost.number(), A)), failed, "only the silent one");
            assertEquals(List.of(), other.failStale("s", SPACE, Duration.ofMillis(1_000), "worker lost"));
            assertEquals(Optional.of("worker lost"), results(storage, "s").get(lost.number()).error());
            assertEquals(TrialState.RUNNING, results(storage, "s").get(alive.number()).state());
            assertTrue(!storage.heartbeat("s", lost.number()), "the lost worker's heartbeat says it was let go");
            StorageException late = assertThrows(StorageException.class, () -> storage.reportTrial("s",
                    completed(lost.number(), A, 0.9), 5, 1.0, TELL));
            assertTrue(late.getMessage().contains("is not running"), late.getMessage());
            assertTrue(storage.strategyState("s").orElseThrow().path("told").isMissingNode(),
                    "a refused report tells nothing");
        }
    }

    @Test
    void aClaimFindsTheLostTrialsAndMayProposeNothing() throws Exception {
        try (StudyStorage storage = opened(create(), "s"); StudyStorage other = openAgain()) {
            StudyStorage.Claim lost = claim(storage, "lost", new ArrayList<>());
            Thread.sleep(1_500);
            StudyStorage.LostWorkers afterASecond = new StudyStorage.LostWorkers(SPACE, Duration.ofSeconds(1),
                    "worker lost");
            List<List<StudyStorage.Claim>> told = new ArrayList<>();
            Optional<StudyStorage.Claim> none = other.claimTrial("s", "w", afterASecond, context -> {
                told.add(context.lost());
                ObjectNode after = (ObjectNode) context.state().orElseThrow().deepCopy();
                return new StudyStorage.Stepped<>(Optional.empty(), after.put("retry", context.lost().size()));
            });
            assertEquals(Optional.empty(), none, "nothing proposed, nothing claimed");
            assertEquals(List.of(List.of(lost)), told);
            assertEquals(1, storage.strategyState("s").orElseThrow().get("retry").asInt(),
                    "the state the claim left is kept although it claimed nothing");
            assertEquals(List.of(TrialState.FAILED), results(storage, "s").stream().map(TrialResult::state).toList());
        }
    }

    @Test
    void aStorageOpenedToReadRefusesClaimsReportsAndHeartbeats() {
        try (StudyStorage storage = opened(create(), "s")) {
            claim(storage, "w", new ArrayList<>());
        }
        try (StudyStorage reader = openReadOnly()) {
            List<Executable> writes = List.of(
                    () -> reader.claimTrial("s", "w", AFTER_A_MINUTE, counting(new ArrayList<>())),
                    () -> reader.reportTrial("s", completed(0, A, 0.5), 5, 1.0, TELL),
                    () -> reader.heartbeat("s", 0),
                    () -> reader.failStale("s", SPACE, Duration.ZERO, "lost"));
            for (Executable write : writes) {
                assertTrue(assertThrows(StorageException.class, write).getMessage().contains("read-only"));
            }
        }
    }
}
