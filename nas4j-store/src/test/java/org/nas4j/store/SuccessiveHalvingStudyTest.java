package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.prune.Pruning;
import org.nas4j.prune.SuccessiveHalving;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.RegularizedEvolution;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyRunner;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;
import org.nas4j.toy.ChainToy;

/** A study pruned by synchronous successive halving: its brackets wait at each rung and keep the top 1/eta. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SuccessiveHalvingStudyTest {
    private static final ChainToy TOY = new ChainToy(4, 3, 0.0, 5);
    private static final Pruning HALVING = new Pruning(new SuccessiveHalving(1, 3, 9), 9);

    @TempDir
    Path dir;

    /**
     * Nine epochs, each architecture reaching the toy's accuracy in steps; it records who reported what, in order,
     * and how many trials were training at once.
     */
    private static final class Paced implements Evaluator {
        final List<String> reports = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger training = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        /** Trials rejected before they train, as a hard limit would. */
        final List<Integer> rejected;
        /** Whether the first trial to go on past the first rung crashes; which one did. */
        final boolean crash;
        final AtomicInteger crashed = new AtomicInteger(-1);

        Paced(List<Integer> rejected, boolean crash) {
            this.rejected = rejected;
            this.crash = crash;
        }

        @Override
        public SearchSpace space() {
            return TOY.space();
        }

        @Override
        public Metrics evaluate(Architecture architecture, TrialContext context) throws ConstraintViolation {
            int trial = context.trialNumber();
            if (rejected.contains(trial)) {
                throw new ConstraintViolation("too slow", 1.5);
            }
            double accuracy = TOY.evaluate(architecture, context).accuracy();
            for (int epoch = 1; epoch <= 9; epoch++) {
                mostAtOnce.accumulateAndGet(training.incrementAndGet(), Math::max);
                if (crash && epoch == 2 && crashed.compareAndSet(-1, trial)) {
                    training.decrementAndGet();
                    throw new IllegalStateException("diverged");
                }
                training.decrementAndGet();
                reports.add(trial + "@" + epoch);
                context.reporter().report(epoch, accuracy * epoch / 9, 1.0 / epoch);
            }
            return Metrics.ofAccuracy(accuracy);
        }
    }

    private List<StoredTrial> run(String file, Evaluator evaluator, int trials) {
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve(file))) {
            storage.openStudy("s", "h", "c", "{}");
            return new StudyRunner("s", storage, new RegularizedEvolution(TOY.space(),
                    new EvolutionSettings(8, 3, false), 7), evaluator, Reward.accuracy(), 11)
                    .pruning(Optional.of(HALVING)).run(trials, (t, s) -> { });
        }
    }

    private Map<Integer, List<Curve.Point>> curves(String file) {
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve(file))) {
            return storage.curves("s").stream().filter(c -> c.name().equals(Curve.VALIDATION_ACCURACY))
                    .collect(Collectors.toMap(Curve::owner, Curve::points));
        }
    }

    @Test
    void aBracketWaitsAtEachRungAndKeepsExactlyTheTopThird() {
        Paced paced = new Paced(List.of(), false);
        List<StoredTrial> trials = run("a.db", paced, 18);
        assertEquals(18, trials.size());
        assertEquals(1, paced.mostAtOnce.get(), "one trial trains at a time");
        Map<Integer, List<Curve.Point>> curves = curves("a.db");
        for (int first = 0; first < 18; first += 9) {
            List<Integer> bracket = new ArrayList<>();
            for (int t = first; t < first + 9; t++) {
                bracket.add(t);
            }
            // Every trial of the bracket reported epoch 1 before any reported epoch 2: they waited at the rung.
            int lastFirstEpoch = bracket.stream().mapToInt(t -> paced.reports.indexOf(t + "@1")).max().orElseThrow();
            int firstSecondEpoch = bracket.stream().mapToInt(t -> paced.reports.indexOf(t + "@2"))
                    .filter(i -> i >= 0).min().orElseThrow();
            assertTrue(lastFirstEpoch < firstSecondEpoch, paced.reports.toString());
            assertEquals(List.of(1, 1, 1, 1, 1, 1, 3, 3, 9), bracket.stream().map(t -> curves.get(t).size())
                    .sorted().toList(), "9, then 3, then 1 train on: " + curves);
            // Those that went on from the first rung are its top 3 by accuracy there, ties by trial number.
            List<Integer> byRungOne = bracket.stream().sorted((a, b) -> {
                int c = Double.compare(curves.get(b).get(0).value(), curves.get(a).get(0).value());
                return c != 0 ? c : Integer.compare(a, b);
            }).toList();
            for (int rank = 0; rank < 9; rank++) {
                TrialResult result = trials.get(byRungOne.get(rank)).result();
                if (rank < 3) {
                    assertTrue(curves.get(result.number()).size() >= 3, "rank " + rank + " went on");
                } else {
                    assertEquals(TrialState.PRUNED, result.state());
                    assertTrue(result.error().orElseThrow().startsWith("pruned by successive-halving after "
                            + "epoch 1: "), result.error().orElseThrow());
                    assertEquals(curves.get(result.number()).get(0).value(), result.reward(),
                            "its reward is its accuracy where it stopped");
                }
            }
            assertEquals(1, bracket.stream().filter(t -> trials.get(t).result().state() == TrialState.COMPLETE)
                    .count());
        }
        List<String> again = new ArrayList<>();
        run("b.db", new Paced(List.of(), false), 18).forEach(t -> again.add(t.result().architecture() + " "
                + t.result().state() + " " + t.result().reward()));
        List<String> first = new ArrayList<>();
        trials.forEach(t -> first.add(t.result().architecture() + " " + t.result().state() + " "
                + t.result().reward()));
        assertEquals(first, again, "the same seeds give the same study, whatever the threads' timing");
    }

    @Test
    void rejectedTrialsAreReplacedAndACrashedOneHoldsNobodyBack() {
        // Trials 0 and 4 are rejected before they train; the first to go on from the first rung crashes.
        Paced paced = new Paced(List.of(0, 4), true);
        List<StoredTrial> trials = run("c.db", paced, 11);
        assertEquals(11, trials.size(), "rejected trials count against the study's trials");
        Map<Integer, List<Curve.Point>> curves = curves("c.db");
        assertEquals(9, curves.size(), "nine trained candidates fill the bracket's places");
        assertEquals(TrialState.PRUNED, trials.get(0).result().state());
        assertTrue(trials.get(0).result().metrics().isEmpty(), "rejected, not stopped early");
        TrialResult crashed = trials.get(paced.crashed.get()).result();
        assertEquals(TrialState.FAILED, crashed.state());
        assertTrue(crashed.error().orElseThrow().contains("diverged"), crashed.error().orElseThrow());
        Map<TrialState, Long> states = new HashMap<>();
        trials.forEach(t -> states.merge(t.result().state(), 1L, Long::sum));
        // Of the two left at the second rung, the better trains to the end.
        assertEquals(Map.of(TrialState.PRUNED, 9L, TrialState.FAILED, 1L, TrialState.COMPLETE, 1L), states);
    }

    @Test
    void fewerTrialsThanABracketStillHalve() {
        List<StoredTrial> trials = run("d.db", new Paced(List.of(), false), 4);
        assertEquals(4, trials.size());
        Map<Integer, List<Curve.Point>> curves = curves("d.db");
        // Four reach the first rung: the top 4 / 3 = 1 goes on, and alone at the next rung it trains to the end.
        assertEquals(List.of(1, 1, 1, 9), curves.values().stream().map(List::size).sorted().toList());
    }
}
