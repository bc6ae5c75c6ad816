package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.config.StudyConfig;
import org.nas4j.djl.supernet.PathSampling;
import org.nas4j.djl.supernet.Sharing;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.space.Decision;
import org.nas4j.space.OptionValue;
import org.nas4j.space.SearchSpace;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/** A one-shot study from Java: supernet training, search on its weights, resumption, retraining of the winner. */
class OneShotStudyTest {
    @TempDir
    static Path shared;
    private static Path images;

    @BeforeAll
    static void writeImages() {
        images = ShapesFolder.write(shared.resolve("shapes"), 40, 10, 3);
    }

    private static StudyConfig config(String name, int trials) {
        SupernetSettings supernet = SupernetSettings.DEFAULT.withTraining(TrainingSettings.DEFAULT.withEpochs(2)
                .withBatchSize(16)).withCalibration(32, 16).withCheckpointEvery(4);
        return StudyConfig.of(name, StudyTest.SPACE)
                .withStudy(StudySettings.of(name, 5).withTrials(trials))
                .withData(DataSettings.EMBEDDED.withDir(images))
                .withStrategy(new org.nas4j.strategy.StrategySpec.Random())
                .withNetwork(new org.nas4j.djl.model.NetworkLayout(8, 3, 1, List.of(1, 2), 32))
                .withTraining(TrainingSettings.DEFAULT.withEpochs(2).withBatchSize(16))
                .withRetrain(new RetrainSettings(2, 1, 1))
                .withSupernet(Optional.of(supernet));
    }

    @Test
    void everyScoredCandidateIsAOneShotTrialAndTheWinnerRetrains(@TempDir Path dir) {
        List<SupernetPlan> plans = new ArrayList<>();
        List<Long> trainedSteps = new ArrayList<>();
        StudyListener listener = new StudyListener() {
            @Override
            public void supernetStarting(SupernetPlan plan) {
                plans.add(plan);
            }

            @Override
            public void supernetTrained(org.nas4j.djl.supernet.SupernetTrainer.Result result) {
                trainedSteps.add(result.steps() - result.resumedFrom());
            }
        };
        Path file = dir.resolve("study.db");
        try (Study study = Study.builder(config("one-shot", 4)).storage(file).listener(listener).build()) {
            SearchResult result = study.search();
            assertEquals(4, result.trials().size());
            for (StoredTrial trial : result.trials()) {
                TrialResult t = trial.result();
                assertEquals(TrialState.COMPLETE, t.state(), t.error().orElse(""));
                assertTrue(t.metrics().orElseThrow().isOneShot());
                assertTrue(t.metrics().orElseThrow().accuracy() > 0, "scored on the shared weights");
            }
            // The training loss is kept as the study's curve: a point per stride of steps, up to the last step.
            List<Curve> curves = study.curves();
            assertEquals(1, curves.size(), curves.toString());
            Curve loss = curves.get(0);
            assertEquals(Curve.SUPERNET_LOSS, loss.name());
            assertTrue(loss.ofStudy());
            long total = plans.get(0).totalSteps();
            assertEquals(total, loss.points().get(loss.points().size() - 1).step());
            assertTrue(loss.points().size() <= LossCurve.POINTS && loss.points().size() >= Math.min(total, 2),
                    loss.points().size() + " points for " + total + " steps");
            assertTrue(loss.points().stream().allMatch(p -> p.value() > 0), loss.toString());
            RetrainResult model = study.retrain(new RetrainTarget.Best(Optional.of(1), Optional.empty()), dir.resolve("model"));
            assertTrue(Files.exists(dir.resolve("model")));
            assertTrue(model.result().testAccuracy() >= 0);
        }
        Path checkpoint = dir.resolve("one-shot.supernet");
        assertTrue(Files.exists(checkpoint), "the supernet's checkpoint is kept beside the study");
        assertEquals(0, plans.get(0).stepsDone());
        assertTrue(trainedSteps.get(0) > 0);
        // Resumed with more trials: the trained supernet is read back, not trained again.
        try (Study study = Study.builder(config("one-shot", 4)).storage(file).listener(listener).build()) {
            SearchResult result = study.search(6, Optional.empty());
            assertEquals(6, result.trials().size());
        }
        assertEquals(plans.get(0).totalSteps(), plans.get(1).stepsDone());
        assertEquals(0L, trainedSteps.get(1));
    }

    @Test
    void aDecisionTheSupernetCannotHoldFailsTheSearchByName(@TempDir Path dir) {
        List<Decision> decisions = new ArrayList<>(StudyTest.SPACE.decisions());
        decisions.add(new Decision("head.dropout", List.of(new OptionValue.Int(0), new OptionValue.Real(0.1))));
        StudyConfig base = config("extra", 2);
        StudyConfig extra = StudyConfig.of("extra", new SearchSpace(decisions)).withStudy(base.study())
                .withData(base.data()).withStrategy(base.strategy()).withTraining(base.training())
                .withNetwork(base.network()).withSupernet(base.supernet());
        StudyException error = assertThrows(StudyException.class, () -> {
            try (Study study = Study.builder(extra).storage(dir.resolve("s.db")).build()) {
                study.search();
            }
        });
        assertTrue(error.getMessage().contains("'head.dropout'"), error.getMessage());
    }
}
