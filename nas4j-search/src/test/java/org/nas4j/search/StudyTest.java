package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.DataSource;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.train.Evaluation;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceYaml;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.store.StorageException;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/** A whole study from Java, on a folder of colour images that is not Fashion-MNIST. */
class StudyTest {
    @TempDir
    static Path shared;
    private static Path images;

    /** Two stages of one searched block each: small enough to train in a second. */
    static final SearchSpace SPACE = SearchSpaceYaml.parse("""
            decisions:
              - {name: stage1.block, options: [conv, dwsep]}
              - {name: stage1.kernel, options: [3]}
              - {name: stage1.expansion, options: [1]}
              - {name: stage1.se, options: [0]}
              - {name: stage1.layers, options: [1]}
              - {name: stage1.filters, options: [8, 16]}
              - {name: stage1.skip, options: [none]}
              - {name: stage2.block, options: [conv]}
              - {name: stage2.kernel, options: [3, 5]}
              - {name: stage2.expansion, options: [1]}
              - {name: stage2.se, options: [0]}
              - {name: stage2.layers, options: [1]}
              - {name: stage2.filters, options: [16]}
              - {name: stage2.skip, options: [none]}
            """);

    @BeforeAll
    static void writeImages() {
        images = ShapesFolder.write(shared.resolve("shapes"), 40, 10, 3);
    }

    static StudyConfig config(String name, int trials) {
        return StudyConfig.of(name, SPACE)
                .withStudy(StudySettings.of(name, 5).withTrials(trials))
                .withData(DataSettings.EMBEDDED.withDir(images))
                .withStrategy(new StrategySpec.Random())
                .withTraining(TrainingSettings.DEFAULT.withEpochs(2).withBatchSize(16))
                .withNetwork(new NetworkLayout(8, 3, 1, List.of(1, 2), 32))
                .withRetrain(new RetrainSettings(2, 1, 1));
    }

    @Test
    void searchesRetrainsAndSavesAModelForAFolderOfColourImages(@TempDir Path dir) {
        List<TrialResult> told = new ArrayList<>();
        List<StudyListener.Phase> phases = new ArrayList<>();
        StudyListener listener = new StudyListener() {
            @Override
            public void trialFinished(TrialResult result) {
                told.add(result);
            }

            @Override
            public void trainingProgress(Phase phase, int updates, int totalUpdates) {
                if (phases.isEmpty() || phases.get(phases.size() - 1) != phase) {
                    phases.add(phase);
                }
            }
        };
        Path model = dir.resolve("model");
        RetrainResult retrained;
        try (Study study = Study.builder(config("shapes", 3)).storage(dir.resolve("study.db")).listener(listener)
                .build()) {
            assertEquals(new ImageShape(3, ShapesFolder.HEIGHT, ShapesFolder.WIDTH), study.network().input());
            assertEquals(3, study.network().classes());
            SearchResult search = study.search();
            assertEquals(3, search.trials().size());
            assertEquals(3, search.count(TrialState.COMPLETE), search.trials().toString());
            assertEquals(told, search.trials().stream().map(t -> t.result()).toList(), "each trial told");
            assertTrue(search.best().orElseThrow().metrics().orElseThrow().accuracy() > 0.5,
                    "well above chance (1/3): " + search.best());
            retrained = study.retrain(RetrainTarget.best(), model);
        }
        assertEquals(List.of(StudyListener.Phase.CANDIDATE, StudyListener.Phase.RETRAIN), phases);
        assertEquals(120, retrained.trainImages());
        assertEquals(30, retrained.testImages());
        assertTrue(retrained.result().testAccuracy() > 0.5, retrained.toString());
        try (TrainedModel loaded = TrainedModel.load(model)) {
            assertEquals(retrained.architecture(), loaded.architecture());
            assertEquals(ShapesFolder.CLASSES, loaded.input().classNames());
            Evaluation test = loaded.evaluate(DataSource.of(images, Optional.empty()).load().test());
            assertEquals(retrained.result().testAccuracy(), test.accuracy(), "the saved model, the same accuracy");
            assertEquals(List.of(10, 10, 10), test.perClass().stream().map(Evaluation.ClassAccuracy::images)
                    .toList());
            // Classifying the test files one by one agrees with the evaluation of the same images.
            List<Path> vertical = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                vertical.add(images.resolve("test/vertical/" + i + ".png"));
            }
            long right = loaded.classify(vertical).stream().filter(p -> p.className().equals("vertical")).count();
            assertEquals(test.perClass().get(ShapesFolder.CLASSES.indexOf("vertical")).correct(), right);
        }
    }

    @Test
    void aStudyResumesWithItsConfigAndRefusesAnother(@TempDir Path dir) {
        Path file = dir.resolve("study.db");
        try (Study study = Study.builder(config("resumed", 1)).storage(file).build()) {
            study.search();
        }
        try (Study study = Study.builder(config("resumed", 2)).storage(file).build()) {
            // The budget is part of the config: trials 2 is another config.
            throw new AssertionError("a study started with another config was opened: " + study.name());
        } catch (StorageException expected) {
            assertTrue(expected.getMessage().contains("was started with another config"), expected.getMessage());
        }
        try (Study study = Study.builder(config("resumed", 1)).storage(file).build()) {
            SearchResult more = study.search(2, Optional.empty());
            assertEquals(2, more.trials().size(), "one more trial, the first kept");
        }
    }

    @Test
    void aStudyIsRetrainedFromAFileItCannotWrite(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("study.db");
        try (Study study = Study.builder(config("readonly", 2)).storage(file).build()) {
            study.search();
        }
        byte[] before = Files.readAllBytes(file);
        FileTime modified = Files.getLastModifiedTime(file);
        assertTrue(file.toFile().setWritable(false, false));
        RetrainResult retrained;
        try (SqliteStudyStorage storage = SqliteStudyStorage.openReadOnly(file);
             Study study = Study.existing(storage, Optional.empty()).build()) {
            assertEquals("readonly", study.name());
            retrained = study.retrain(new RetrainTarget.Trial(1), 1, dir.resolve("model"));
        }
        assertEquals(Optional.of(1), retrained.trial());
        assertArrayEquals(before, Files.readAllBytes(file), "the study file is only read");
        assertEquals(modified, Files.getLastModifiedTime(file));
        assertTrue(Files.isRegularFile(dir.resolve("model").resolve("model.json")));
    }

    @Test
    void requestsTheStudyCannotServeSayWhy(@TempDir Path dir) {
        try (Study study = Study.builder(config("errors", 1)).storage(dir.resolve("study.db")).build()) {
            StudyException noTrial = assertThrows(StudyException.class,
                    () -> study.retrain(new RetrainTarget.Trial(7), dir.resolve("m")));
            assertTrue(noTrial.getMessage().contains("not a completed trial"), noTrial.getMessage());
        }
        StudyException text = assertThrows(StudyException.class, () -> Study.builder(config("text", 1))
                .storage(dir.resolve("text.db")).configText(config("other", 1).toYaml())
                .build());
        assertTrue(text.getMessage().contains("does not parse to the study's config"), text.getMessage());
        StudyConfig threeStages = config("stages", 1).withNetwork(NetworkLayout.DEFAULT);
        try (Study study = Study.builder(threeStages).storage(dir.resolve("stages.db")).build()) {
            StudyException mismatch = assertThrows(StudyException.class, study::search);
            assertTrue(mismatch.getMessage().contains("the space does not fit the network of 3 stages"),
                    mismatch.getMessage());
            assertTrue(study.trials().isEmpty(), "no trial ran");
        }
    }
}
