package org.nas4j.bench.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.Op;
import org.nas4j.space.SearchSpace;

class StepBenchmarkTest {
    private static final SearchSpace SPACE = StudyConfig.read(Path.of("..", "examples", "fashion-mnist.yaml"))
            .space();
    private static final NetworkSettings GRAY_28 = NetworkSettings.of(ImageShape.grayscale(28, 28), 10);

    @Test
    void casesCoverEveryOperationThenWholeCandidates() {
        List<StepBenchmark.Case> cases = StepBenchmark.cases(SPACE, GRAY_28, 2, 1);
        assertEquals(List.of("conv 3x3", "conv 5x5", "conv 7x7", "dwsep 3x3", "mbconv 3x3 e3", "mbconv 3x3 e3 se",
                "mbconv 3x3 e6", "mbconv 3x3 e6 se", "candidate 1", "candidate 2"),
                cases.stream().map(StepBenchmark.Case::name).toList());
        StepBenchmark.Case se = cases.get(7);
        assertTrue(se.network().contains(new Op.SqueezeExcite(144, 6)), se.network().toString());
        assertTrue(se.network().contains(new Op.Conv(24, 144, 1, 1, 1, false)), "the 6x expansion of 24 channels");
        assertEquals(List.of(1, 28, 28), cases.get(8).input());
        assertEquals(List.of(false, false, false, false, false, false, false, false, true, true),
                cases.stream().map(StepBenchmark.Case::candidate).toList());
        assertEquals(cases, StepBenchmark.cases(SPACE, GRAY_28, 2, 1), "same seed, same candidates");
        assertNotEquals(cases.get(8), StepBenchmark.cases(SPACE, GRAY_28, 2, 2).get(8));
    }

    @Test
    void timesATrainingStepAnInferencePassAndABatch() {
        StepBenchmark bench = new StepBenchmark(8, 1, 30);
        StepBenchmark.Case conv = StepBenchmark.cases(SPACE, GRAY_28, 0, 1).get(0);
        StepBenchmark.Timing timing = bench.time(conv, 1);
        assertTrue(timing.trainMs() > 0 && timing.inferenceMs() > 0 && timing.unfoldedMs() > 0, timing.toString());
        // conv 3x3 24 -> 48 without bias, BatchNorm's gamma and beta, linear 48 -> 10 with bias
        assertEquals(24 * 48 * 9 + 2 * 48 + 48 * 10 + 10, timing.parameters());
        assertTrue(bench.batchPreparationMs(FashionMnist.embedded().train(), 1) > 0);
        assertThrows(IllegalArgumentException.class, () -> new StepBenchmark(8, 1, 5));
    }
}
