package org.nas4j.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nas4j.djl.TestNetworks;
import org.nas4j.djl.train.Constraints;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.djl.train.Constraints.RelativeLatency;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.TrainTest;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.space.SearchSpace;

class TrainingEvaluatorTest {
    private static final SearchSpace SPACE = TestNetworks.exampleSpace();
    private static final LatencySettings LATENCY = new LatencySettings(1, 3, 30);
    private static final Constraints NONE = Constraints.NONE;

    private static TrainingEvaluator evaluator(double learningRate, Constraints constraints) {
        return evaluator(OptimizerKind.ADAM, learningRate, constraints);
    }

    private static TrainingEvaluator evaluator(OptimizerKind optimizer, double learningRate, Constraints constraints) {
        TrainTest data = FashionMnist.embedded();
        ImageDataset.Split split = data.train().stratifiedSample(100, 3).split(0.2, 3);
        TrainingSettings settings = new TrainingSettings(2, 64, optimizer, learningRate, ScheduleKind.ONE_CYCLE, 0.0);
        return new TrainingEvaluator(SPACE, TestNetworks.GRAY_28, TrainingData.of(split.train(), split.validation()),
                settings, LATENCY, constraints, updates -> { });
    }

    @Test
    void trainsACandidateAndMeasuresIt() throws Exception {
        Metrics metrics = evaluator(0.003, NONE).evaluate(TestNetworks.small(), new TrialContext(0, 11));
        assertTrue(metrics.accuracy() > 0.3, "well above chance (0.1) after 2 epochs on 800 images: " + metrics);
        assertTrue(metrics.latencyMs() > 0 && metrics.parameters() > 1000 && metrics.flops() > 1000,
                metrics.toString());
        Metrics again = evaluator(0.003, NONE).evaluate(TestNetworks.small(), new TrialContext(0, 11));
        assertEquals(metrics.accuracy(), again.accuracy(), "same seed, same training");
    }

    @Test
    void eachEpochsValidationScoreIsReportedAndTheLastIsTheResult() throws Exception {
        java.util.List<double[]> reports = new java.util.ArrayList<>();
        Metrics metrics = evaluator(0.003, NONE).evaluate(TestNetworks.small(), new TrialContext(0, 11,
                (epoch, accuracy, loss) -> reports.add(new double[] {epoch, accuracy, loss})));
        assertEquals(2, reports.size());
        assertEquals(1.0, reports.get(0)[0]);
        assertEquals(2.0, reports.get(1)[0]);
        assertEquals(metrics.accuracy(), reports.get(1)[1], "the last epoch's score is the trial's");
        for (double[] report : reports) {
            assertTrue(report[2] > 0 && report[2] < 10, "a cross-entropy of 10 classes: " + report[2]);
        }
        Metrics unheard = evaluator(0.003, NONE).evaluate(TestNetworks.small(), new TrialContext(0, 11));
        assertEquals(unheard.accuracy(), metrics.accuracy(), "scoring each epoch leaves the training as it was");
    }

    @Test
    void aPrunerStopsTheTrainingAfterAnEpochWithWhatWasMeasured() {
        org.nas4j.eval.TrialPruned pruned = assertThrows(org.nas4j.eval.TrialPruned.class, () -> evaluator(0.003,
                NONE).evaluate(TestNetworks.small(), new TrialContext(0, 11, (epoch, accuracy, loss) -> {
                    throw new org.nas4j.eval.TrialPruned(epoch, accuracy, "median", "below the median");
                })));
        assertEquals(1, pruned.epoch());
        Metrics partial = pruned.metrics().orElseThrow();
        assertEquals(pruned.accuracy(), partial.accuracy());
        assertTrue(partial.latencyMs() > 0 && partial.parameters() > 1000 && partial.costSeconds() > 0,
                partial.toString());
        assertEquals("pruned by median after epoch 1: below the median", pruned.getMessage());
    }

    @Test
    void limitsRejectBeforeTraining() {
        Constraints tiny = new Constraints(Optional.empty(), Optional.of(1000L), Optional.empty());
        ConstraintViolation params = assertThrows(ConstraintViolation.class,
                () -> evaluator(0.003, tiny).evaluate(TestNetworks.small(), new TrialContext(0, 1)));
        assertTrue(params.getMessage().contains("over the limit of 1000"), params.getMessage());
        Constraints fast = new Constraints(Optional.of(1e-6), Optional.empty(), Optional.empty());
        ConstraintViolation latency = assertThrows(ConstraintViolation.class,
                () -> evaluator(0.003, fast).evaluate(TestNetworks.small(), new TrialContext(0, 1)));
        assertTrue(latency.getMessage().startsWith("latency"), latency.getMessage());
    }

    @Test
    void aRelativeLimitTimesEachCandidateBesideTheReference() throws Exception {
        Constraints noSlowerThanSmall = new Constraints(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new RelativeLatency(TestNetworks.small(), 1.0)));
        ConstraintViolation slower = assertThrows(ConstraintViolation.class,
                () -> evaluator(0.003, noSlowerThanSmall).evaluate(TestNetworks.heavy(), new TrialContext(0, 1)));
        assertTrue(slower.getMessage().contains("x the reference's"), slower.getMessage());
        assertTrue(slower.excess() > 2, "many times the reference's work is far over its latency: "
                + slower.getMessage());

        // The reference passes even a limit that nothing could meet: its ratio to itself is 1 by definition.
        Constraints impossible = new Constraints(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new RelativeLatency(TestNetworks.small(), 0.01)));
        Metrics reference = evaluator(0.003, impossible).evaluate(TestNetworks.small(), new TrialContext(0, 1));
        assertTrue(reference.latencyMs() > 0 && reference.accuracy() > 0, reference.toString());
        ConstraintViolation other = assertThrows(ConstraintViolation.class,
                () -> evaluator(0.003, impossible).evaluate(TestNetworks.small().with(0, 1), new TrialContext(0, 1)));
        assertTrue(other.getMessage().contains("over the limit of 0.010 x"), other.getMessage());
    }

    @Test
    void aDivergingRunFailsWithItsReason() {
        DivergedException e = assertThrows(DivergedException.class,
                () -> evaluator(OptimizerKind.SGD, 1e30, NONE).evaluate(TestNetworks.small(), new TrialContext(0, 1)));
        assertTrue(e.getMessage().contains("try a lower learning rate"), e.getMessage());
    }

    @Test
    void theScheduleWarmsUpThenDecays() {
        LearningRateSchedule oneCycle = new LearningRateSchedule(ScheduleKind.ONE_CYCLE, 0.01, 100);
        assertEquals(0.01 / 25, oneCycle.getNewValue(0), 1e-9);
        assertEquals(0.01, oneCycle.getNewValue(30), 1e-6);
        assertTrue(oneCycle.getNewValue(99) < 0.0001);
        assertEquals(0.005, new LearningRateSchedule(ScheduleKind.COSINE, 0.01, 100).getNewValue(50), 1e-6);
        assertEquals(0.01, new LearningRateSchedule(ScheduleKind.CONSTANT, 0.01, 100).getNewValue(77), 1e-9);
    }
}
