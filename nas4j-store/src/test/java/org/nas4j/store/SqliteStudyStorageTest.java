package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.StateJson;
import org.nas4j.strategy.reinforce.FactorizedPolicy;
import org.nas4j.strategy.reinforce.Reinforce;
import org.nas4j.strategy.reinforce.ReinforceSettings;
import org.nas4j.study.StudyRunner;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;
import org.nas4j.toy.ChainToy;

class SqliteStudyStorageTest {
    private final SearchSpace space = SearchSpace.builder().decision("kernel", 3, 5, 7).decision("se", 0, 0.25)
            .build();

    @Test
    void recordsTrialsAndRefusesToChangeFinishedOnes(@TempDir Path dir) {
        Path file = dir.resolve("study.db");
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy("s", "hash1", "config: 1", "{}");
            storage.openStudy("s", "hash1", "config: 1", "{}");
            StorageException other = assertThrows(StorageException.class,
                    () -> storage.openStudy("s", "hash2", "config: 2", "{}"));
            assertTrue(other.getMessage().contains("another config"), other.getMessage());

            Architecture a = space.architecture(1, 1);
            assertEquals(0, storage.startTrial("s", a));
            assertEquals(1, storage.startTrial("s", space.architecture(0, 0)));
            TrialResult done = TrialResult.completed(0, a, new Metrics(0.91, 12.5, 3.25, 26_078, 5_202_464), 0.91);
            storage.finishTrial("s", done, 77, 1.5, StateJson.newState("test"),
                    Optional.of(List.of(new double[] {0.2, 0.5, 0.3}, new double[] {0.9, 0.1})));
            assertThrows(StorageException.class, () -> storage.finishTrial("s", done, 77, 1.5,
                    StateJson.newState("test"), Optional.empty()));
        }
        try (SqliteStudyStorage reopened = SqliteStudyStorage.open(file)) {
            List<StoredTrial> trials = reopened.trials("s", space);
            assertEquals(2, trials.size());
            StoredTrial first = trials.get(0);
            assertEquals(TrialState.COMPLETE, first.result().state());
            assertEquals(new Metrics(0.91, 12.5, 3.25, 26_078, 5_202_464), first.result().metrics().orElseThrow());
            assertEquals(0.91, first.result().reward());
            assertEquals(77, first.seed());
            assertEquals(0.5, first.choiceProbabilities().orElseThrow().get(0)[1]);
            assertEquals(0.1, first.choiceProbabilities().orElseThrow().get(1)[1]);
            assertEquals(space.architecture(1, 1), first.result().architecture());
            assertEquals(TrialState.RUNNING, trials.get(1).result().state());
            assertEquals("test", reopened.strategyState("s").orElseThrow().get("kind").asText());
            assertEquals(List.of(1), reopened.failRunning("s", "interrupted"));
            StoredTrial failed = reopened.trials("s", space).get(1);
            assertEquals(TrialState.FAILED, failed.result().state());
            assertEquals(Optional.of("interrupted"), failed.result().error());
            assertEquals(Optional.empty(), reopened.strategyState("other"));
            assertEquals(List.of(new SqliteStudyStorage.StudyInfo("s", "hash1", "config: 1", "{}",
                    reopened.studies().get(0).created())), reopened.studies());
        }
    }

    @Test
    void trialNumbersAreHandedOutOnceAcrossThreadsAndConnections(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared.db");
        try (SqliteStudyStorage first = SqliteStudyStorage.open(file);
             SqliteStudyStorage second = SqliteStudyStorage.open(file)) {
            first.openStudy("s", "h", "c", "{}");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                SqliteStudyStorage storage = worker % 2 == 0 ? first : second;
                futures.add(pool.submit(() -> {
                    List<Integer> numbers = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        numbers.add(storage.startTrial("s", space.architecture(0, 1)));
                    }
                    return numbers;
                }));
            }
            Set<Integer> all = new HashSet<>();
            for (Future<List<Integer>> future : futures) {
                all.addAll(future.get());
            }
            pool.shutdown();
            assertEquals(100, all.size());
            assertEquals(0, Collections.min(all));
            assertEquals(99, Collections.max(all));
        }
    }

    /**
     * A study stopped after 12 finished trials, with a 13th running, continues after a restart with its strategy
     * restored: the architectures it proposes are those an uninterrupted study proposes.
     */
    @Test
    void aResumedStudyContinuesWhereItStopped(@TempDir Path dir) {
        ChainToy toy = new ChainToy(4, 3, 0.0, 5);
        ReinforceSettings settings = ReinforceSettings.defaults(0.1);
        List<StoredTrial> uninterrupted;
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(dir.resolve("a.db"))) {
            storage.openStudy("s", "h", "c", "{}");
            Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 3);
            uninterrupted = new StudyRunner("s", storage, strategy, toy, Reward.accuracy(), 9).run(30, (t, s) -> { });
        }
        Path file = dir.resolve("b.db");
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy("s", "h", "c", "{}");
            Reinforce strategy = new Reinforce(new FactorizedPolicy(toy.space(), settings.adam()), settings, 3);
            new StudyRunner("s", storage, strategy, toy, Reward.accuracy(), 9).run(12, (t, s) -> { });
            storage.startTrial("s", toy.space().architecture(0, 0, 0, 0)); // the crash: a trial left running
        }
        List<StoredTrial> resumed;
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy("s", "h", "c", "{}");
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

    /** A time budget stops the study between trials, and a resumed study counts the time its trials took before. */
    @Test
    void aTimeBudgetStopsTheStudyAcrossRestarts(@TempDir Path dir) {
        ChainToy toy = new ChainToy(4, 3, 0.0, 5);
        Evaluator slow = new Evaluator() {
            @Override
            public SearchSpace space() {
                return toy.space();
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return toy.evaluate(architecture, context);
            }
        };
        Path file = dir.resolve("budget.db");
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy("s", "h", "c", "{}");
            List<StoredTrial> trials = new StudyRunner("s", storage, new RandomSearch(toy.space(), 1), slow,
                    Reward.accuracy(), 9).run(100, OptionalDouble.of(0.1), (t, s) -> { });
            // Each trial takes at least 30 ms: the budget is spent after at most 4 of them.
            assertTrue(trials.size() >= 1 && trials.size() <= 4, trials.size() + " trials");
            double spent = trials.stream().mapToDouble(StoredTrial::seconds).sum();
            assertTrue(spent >= 0.1 && spent - trials.get(trials.size() - 1).seconds() < 0.1, "spent " + spent);
        }
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy("s", "h", "c", "{}");
            StudyRunner again = new StudyRunner("s", storage, new RandomSearch(toy.space(), 1), slow,
                    Reward.accuracy(), 9);
            int before = again.finishedTrials();
            assertEquals(before, again.run(100, OptionalDouble.of(0.1), (t, s) -> { }).size(),
                    "a resumed study whose budget is spent starts no trial");
            int after = again.run(100, OptionalDouble.of(0.1 + 0.05), (t, s) -> { }).size();
            assertTrue(after > before && after <= before + 2, "a larger budget buys more trials: " + after);
        }
    }
}
