package org.nas4j.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrunerTest {
    /** Reports at each epoch, by epoch; every one of a completed trial unless said otherwise. */
    private static final class History implements PruningHistory {
        private final Map<Integer, List<Reported>> byEpoch = new HashMap<>();

        History add(int trial, boolean completed, double... accuracies) {
            for (int e = 0; e < accuracies.length; e++) {
                byEpoch.computeIfAbsent(e + 1, k -> new ArrayList<>()).add(new Reported(trial, accuracies[e],
                        completed));
            }
            return this;
        }

        @Override
        public List<Reported> at(int epoch) {
            return byEpoch.getOrDefault(epoch, List.of());
        }
    }

    @Test
    void theMedianRuleStopsATrialBelowTheCompletedTrialsMedianOnceEnoughHaveCompleted() {
        MedianRule median = new MedianRule(3, 2);
        History two = new History().add(0, true, 0.5, 0.6, 0.7).add(1, true, 0.5, 0.8, 0.9);
        assertTrue(median.stop(5, 2, 3, 0.1, two).isEmpty(), "two completed trials are too few to judge by");
        History four = two.add(2, true, 0.5, 0.7, 0.8).add(3, false, 0.5, 0.2).add(4, true, 0.5, 0.9, 0.9);
        // Completed at epoch 2: 0.6, 0.8, 0.7, 0.9: the median is 0.75; the running trial's 0.2 does not count.
        assertEquals("accuracy 0.7000 is below the median 0.7500 of 4 completed trials after epoch 2",
                median.stop(5, 2, 3, 0.7, four).orElseThrow());
        assertTrue(median.stop(5, 2, 3, 0.75, four).isEmpty(), "at the median it goes on");
        assertTrue(median.stop(5, 1, 3, 0.0, four).isEmpty(), "not before min_epochs");
        assertTrue(median.stop(5, 3, 3, 0.0, four).isEmpty(), "the last epoch is the result, not a stop");
        assertThrows(IllegalArgumentException.class, () -> median.checkEpochs(2));
        assertThrows(IllegalArgumentException.class, () -> new MedianRule(0, 1));
    }

    @Test
    void ashaKeepsTheTopOneInEtaAtEachRung() {
        Asha asha = new Asha(1, 3);
        assertEquals(List.of(1, 3, 9), asha.rungs(27));
        assertEquals(List.of(1, 3), asha.rungs(6));
        History history = new History();
        assertTrue(asha.stop(0, 1, 9, 0.3, history).isEmpty(), "the first trial at a rung is the best there");
        history.add(0, false, 0.3);
        assertTrue(asha.stop(1, 1, 9, 0.2, history).isPresent(), "with fewer than eta at the rung, only the best");
        history.add(1, false, 0.2).add(2, false, 0.5).add(3, false, 0.4).add(4, false, 0.1);
        // Six at the rung with the new one: the top 6 / 3 = 2 go on, now 0.5 and 0.45.
        assertTrue(asha.stop(5, 1, 9, 0.45, history).isEmpty());
        String why = asha.stop(5, 1, 9, 0.35, history).orElseThrow();
        assertEquals("accuracy 0.3500 after epoch 1 is not among the top 2 of 6 trials at that rung (asha, 1/3 go "
                + "on; the bar 0.4000)", why);
        assertTrue(asha.stop(5, 2, 9, 0.0, history).isEmpty(), "epoch 2 is no rung");
        history.add(5, false, 0.35);
        assertTrue(asha.stop(5, 1, 9, 0.35, history).isPresent(), "its own recorded report is counted once");
        assertThrows(IllegalArgumentException.class, () -> new Asha(1, 1), "eta below 2");
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class, () -> new Asha(6, 3)
                .checkEpochs(6));
        assertTrue(late.getMessage().contains("pruner.min_epochs 6 leaves no rung"), late.getMessage());
    }

    @Test
    void successiveHalvingKeepsExactlyTheTopOneInEtaOfTheWholeBracket() {
        SuccessiveHalving halving = new SuccessiveHalving(1, 3, 9);
        assertEquals(List.of(1, 3), halving.rungs(6));
        assertEquals(new SuccessiveHalving(1, 3, 9), SuccessiveHalving.forEpochs(1, 3, 6));
        assertEquals(new SuccessiveHalving(1, 2, 8), SuccessiveHalving.forEpochs(1, 2, 6), "rungs 1, 2 and 4");
        History bracket = new History();
        double[] atRungOne = {0.50, 0.61, 0.42, 0.61, 0.70, 0.35, 0.55, 0.48, 0.20};
        for (int trial = 0; trial < atRungOne.length; trial++) {
            bracket.add(trial, false, atRungOne[trial]);
        }
        // The top 9 / 3 = 3: 0.70 (trial 4), then the tie at 0.61, trial 1 before trial 3.
        List<Integer> goOn = new ArrayList<>();
        for (int trial = 0; trial < atRungOne.length; trial++) {
            if (halving.stop(trial, 1, 6, atRungOne[trial], bracket).isEmpty()) {
                goOn.add(trial);
            }
        }
        assertEquals(List.of(1, 3, 4), goOn);
        assertEquals("accuracy 0.5500 after epoch 1 ranks 4 of the 9 trials of its bracket at that rung "
                + "(successive-halving, the top 3 go on)", halving.stop(6, 1, 6, 0.55, bracket).orElseThrow());
        assertTrue(halving.stop(6, 2, 6, 0.0, bracket).isEmpty(), "epoch 2 is no rung");
        History two = new History().add(0, false, 0.9).add(1, false, 0.1);
        assertTrue(halving.stop(1, 1, 6, 0.1, two).isPresent(), "of fewer than eta, the best alone goes on");
        assertTrue(halving.stop(0, 1, 6, 0.9, two).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(1, 3, 1), "a bracket of one");
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(1, 1, 9), "eta below 2");
        assertThrows(IllegalArgumentException.class, () -> halving.checkEpochs(1), "no rung below the last epoch");
    }

    @Test
    void hyperbandSharesTrialsOutAmongBracketsThatCompeteApart() {
        Hyperband hyperband = new Hyperband(1, 3);
        assertEquals(List.of(List.of(1, 3, 9), List.of(3, 9), List.of(9), List.of()), hyperband.brackets(27));
        int[] counts = new int[4];
        for (int trial = 0; trial < 4000; trial++) {
            counts[hyperband.bracket(trial, 27)]++;
        }
        // Weights ceil(4/4 * 27) = 27, ceil(4/3 * 9) = 12, ceil(4/2 * 3) = 6, ceil(4/1 * 1) = 4: 49 in all.
        double[] expected = {27 / 49.0, 12 / 49.0, 6 / 49.0, 4 / 49.0};
        for (int b = 0; b < 4; b++) {
            assertEquals(expected[b], counts[b] / 4000.0, 0.03, "bracket " + b + ": " + counts[b]);
        }
        int last = -1;
        for (int trial = 0; last < 0; trial++) {
            if (hyperband.bracket(trial, 27) == 3) {
                last = trial;
            }
        }
        History history = new History().add(100, false, 0.9, 0.9, 0.9);
        assertTrue(hyperband.stop(last, 9, 27, 0.01, history).isEmpty(), "the last bracket has no rung");
        int first = -1;
        for (int trial = 0; first < 0; trial++) {
            if (hyperband.bracket(trial, 27) == 0) {
                first = trial;
            }
        }
        int rival = -1;
        int other = -1;
        for (int trial = first + 1; rival < 0 || other < 0; trial++) {
            if (hyperband.bracket(trial, 27) == 0 && rival < 0) {
                rival = trial;
            } else if (hyperband.bracket(trial, 27) != 0 && other < 0) {
                other = trial;
            }
        }
        assertTrue(hyperband.stop(first, 1, 27, 0.1, new History().add(other, false, 0.9)).isEmpty(),
                "a trial of another bracket does not count");
        String why = hyperband.stop(first, 1, 27, 0.1, new History().add(rival, false, 0.9)).orElseThrow();
        assertTrue(why.contains("(hyperband bracket 0, 1/3 go on"), why);
        assertTrue(hyperband.stop(first, 1, 27, 0.1, new History().add(first, false, 0.9)).isEmpty(),
                "its own report is itself, not a rival");
    }
}
