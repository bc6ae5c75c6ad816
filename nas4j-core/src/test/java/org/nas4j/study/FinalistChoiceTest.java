package org.nas4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nas4j.eval.Metrics;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

class FinalistChoiceTest {

    private final SearchSpace space = SearchSpace.builder().decision("width", 16, 32, 64).build();
    private final Architecture narrow = space.architecture(0);
    private final Architecture middle = space.architecture(1);
    private final Architecture wide = space.architecture(2);

    private static TrialResult trial(int number, Architecture architecture, double reward) {
        return TrialResult.completed(number, architecture, new Metrics(reward, 1, 0.5, 1000, 2000), reward);
    }

    @Test
    void theReferenceJoinsTheFinalistsOnceAndLast() {
        List<TrialResult> completed = List.of(trial(0, middle, 0.80), trial(1, wide, 0.90), trial(2, narrow, 0.85),
                trial(3, middle, 0.82));
        List<TrialResult> best = FinalistChoice.bestByReward(completed, 2);
        assertEquals(List.of(1, 2), best.stream().map(TrialResult::number).toList());

        List<TrialResult> withReference = FinalistChoice.withReference(best, completed, Optional.of(middle));
        assertEquals(List.of(1, 2, 3), withReference.stream().map(TrialResult::number).toList(),
                "the reference's best trial by reward comes after the finalists");
        assertEquals(best, FinalistChoice.withReference(best, completed, Optional.of(wide)),
                "a reference already among the finalists is not trained twice");
        assertEquals(best, FinalistChoice.withReference(best, completed, Optional.empty()), "no reference");
        assertEquals(best, FinalistChoice.withReference(best, completed.subList(1, 3), Optional.of(middle)),
                "a reference the study did not train is not added");
    }
}
