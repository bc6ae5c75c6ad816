package org.nas4j.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.TestNetworks;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.train.Finalists.Finalist;
import org.nas4j.space.Architecture;

class FinalistsTest {
    private static final ImageDataset.Split SPLIT = FashionMnist.embedded().train().stratifiedSample(60, 5)
            .split(0.25, 5);
    private static final TrainingData DATA = new TrainingData(SPLIT.train(), SPLIT.validation(),
            TestNetworks.FASHION);

    private static Architecture wider() {
        Architecture small = TestNetworks.small();
        return small.space().parse(small.canonicalString().replace("stage1.filters=16", "stage1.filters=32"));
    }

    @Test
    void eachFinalistTrainsInOrderAndTheMostAccurateOnValidationWins() {
        TrainingSettings settings = new TrainingSettings(1, 64, OptimizerKind.ADAM, 0.003, ScheduleKind.ONE_CYCLE, 0.0);
        List<Architecture> candidates = List.of(TestNetworks.small(), wider());
        List<Finalist> told = new ArrayList<>();
        int[] updates = {0};
        List<Finalist> finalists = Finalists.train(candidates, TestNetworks.GRAY_28, settings.withEpochs(2), DATA, 3, u -> updates[0]++, told::add);

        assertEquals(told, finalists, "each result is told as it finishes");
        assertEquals(candidates, finalists.stream().map(Finalist::architecture).toList());
        int perEpoch = (DATA.train().size() + 63) / 64;
        assertEquals(2 * 2 * perEpoch, updates[0], "two finalists, two epochs each");
        for (Finalist f : finalists) {
            assertTrue(f.trained() && f.validationAccuracy() > 0.2, "above chance (0.1): " + f);
        }
        Finalist best = Finalists.best(finalists).orElseThrow();
        assertEquals(finalists.stream().mapToDouble(Finalist::validationAccuracy).max().orElseThrow(),
                best.validationAccuracy());
        assertEquals(finalists.get(0).validationAccuracy(),
                Finalists.train(candidates.subList(0, 1), TestNetworks.GRAY_28, settings.withEpochs(2), DATA, 3, u -> { }, f -> { }).get(0)
                        .validationAccuracy(), "same seed, same result");
    }

    @Test
    void aDivergedFinalistIsSkippedAndTiesGoToTheEarlier() {
        TrainingSettings exploding = new TrainingSettings(1, 64, OptimizerKind.SGD, 1e30, ScheduleKind.CONSTANT, 0.0);
        Finalist diverged = Finalists.train(List.of(TestNetworks.small()), TestNetworks.GRAY_28, exploding, DATA, 1, u -> { },
                f -> { }).get(0);
        assertFalse(diverged.trained());
        assertTrue(diverged.failure().orElseThrow().contains("diverged"), diverged.toString());

        Finalist first = new Finalist(TestNetworks.small(), 0.8, 1, Optional.empty());
        Finalist second = new Finalist(wider(), 0.8, 1, Optional.empty());
        assertEquals(first, Finalists.best(List.of(diverged, first, second)).orElseThrow());
        assertEquals(Optional.empty(), Finalists.best(List.of(diverged)));
    }
}
