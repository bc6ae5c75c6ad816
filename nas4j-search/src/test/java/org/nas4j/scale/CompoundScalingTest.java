package org.nas4j.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.ImageShape;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.djl.train.OptimizerKind;
import org.nas4j.djl.train.ScheduleKind;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.search.TrainedModel;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.TrialState;

/**
 * A scaling run from Java on a few embedded images: every member trains, is tested, timed beside B0 and saved as a
 * loadable model at its own input size; every training is a trial, a second run trains nothing again, and a
 * training that diverges is a FAILED trial while the run goes on.
 */
class CompoundScalingTest {
    private static final TrainTest IMAGES = new TrainTest(FashionMnist.embedded().train().stratifiedSample(20, 1),
            FashionMnist.embedded().test().stratifiedSample(10, 1));
    private static final NetworkSettings NETWORK = new NetworkSettings(ImageShape.grayscale(28, 28), 10,
            new NetworkLayout(8, 3, 2, List.of(1, 2), 16));
    private static final SearchSpace SPACE = SearchSpace.builder()
            .decision("stage1.block", "conv").decision("stage1.kernel", 3).decision("stage1.expansion", 1)
            .decision("stage1.se", 0).decision("stage1.layers", 1).decision("stage1.filters", 8)
            .decision("stage1.skip", "none")
            .decision("stage2.block", "dwsep").decision("stage2.kernel", 3).decision("stage2.expansion", 1)
            .decision("stage2.se", 0).decision("stage2.layers", 2).decision("stage2.filters", 16)
            .decision("stage2.skip", "identity").build();
    private static final Architecture ARCHITECTURE = SPACE.architecture(new int[SPACE.size()]);
    private static final LatencySettings LATENCY = new LatencySettings(1, 1, LatencyProfiler.MIN_RUNS);

    private static ScalingSettings settings(CoefficientChoice choice, double learningRate) {
        TrainingSettings recipe = new TrainingSettings(1, 50, OptimizerKind.ADAM, learningRate,
                ScheduleKind.ONE_CYCLE, 0.0);
        return new ScalingSettings(List.of(1), choice, false, List.of(1), 1, recipe, LATENCY, 0.2, 3);
    }

    private static ScalingBase base() {
        return new ScalingBase(ARCHITECTURE, NETWORK, "test", Optional.empty());
    }

    @Test
    void everyMemberTrainsIsTimedBesideTheBaseAndLoadsAtItsOwnSize(@TempDir Path dir) {
        ScalingSettings settings = settings(new CoefficientChoice.Given(Coefficients.EFFICIENTNET), 0.003);
        ScalingResult result;
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve("scaling.db"))) {
            result = new CompoundScaling(base(), IMAGES, settings, storage, "scaling", dir.resolve("models"),
                    ScalingListener.SILENT).run();
        }
        assertEquals(List.of("B0", "B1", "D1", "W1", "R1"),
                result.rows().stream().map(r -> r.member().name()).toList());
        for (ScalingResult.Row row : result.rows()) {
            ScalingResult.Trained trained = row.seeds().get(0);
            assertTrue(trained.ok(), row.member().name() + ": " + trained);
            assertTrue(trained.testAccuracy() >= 0 && trained.testAccuracy() <= 1);
            assertTrue(trained.latencyMs() > 0 && trained.baseLatencyMs() > 0, trained.toString());
            try (TrainedModel model = TrainedModel.load(trained.model().orElseThrow())) {
                assertEquals(row.member().network().settings().input(), model.input().network().input());
                assertEquals(row.member().scaling(), model.scaling());
                assertEquals(trained.testAccuracy(), model.evaluate(resized(model)).accuracy(), 1e-9,
                        row.member().name() + " reloaded tests as it was tested");
            }
        }
        assertEquals(ImageShape.grayscale(32, 32), result.rows().get(1).member().network().settings().input(),
                "B1: round(1.15 x 28)");
        // A second run finds every training recorded and trains none again.
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve("scaling.db"))) {
            ScalingResult again = new CompoundScaling(base(), IMAGES, settings, storage, "scaling",
                    dir.resolve("models"), new ScalingListener() {
                        @Override
                        public void trainingStarting(String what, int epochs, int updates) {
                            throw new AssertionError("trained again: " + what);
                        }
                    }).run();
            assertEquals(result.rows().stream().map(r -> r.seeds().get(0).testAccuracy()).toList(),
                    again.rows().stream().map(r -> r.seeds().get(0).testAccuracy()).toList());
            List<StudyStorage.StoredTrial> trials = storage.trials("scaling",
                    ScalingTable.space(storage.studies().stream().filter(s -> s.name().equals("scaling"))
                            .findFirst().orElseThrow().config()));
            assertEquals(5, trials.size());
            assertTrue(trials.stream().allMatch(t -> t.result().state() == TrialState.COMPLETE));
            // The report's reading of the study and its models gives the same table.
            List<ScalingTable.Line> read = ScalingTable.read(storage.studies().stream()
                    .filter(s -> s.name().equals("scaling")).findFirst().orElseThrow().config(), trials,
                    dir.resolve("models"));
            List<ScalingTable.Line> made = ScalingTable.of(result);
            for (int i = 0; i < made.size(); i++) {
                assertEquals(made.get(i).name(), read.get(i).name());
                assertEquals(made.get(i).flops(), read.get(i).flops());
                assertEquals(made.get(i).meanAccuracy(), read.get(i).meanAccuracy(), 1e-12);
                assertEquals(made.get(i).latencyMs(), read.get(i).latencyMs(), 1e-12);
                assertEquals(made.get(i).latencyRatio(), read.get(i).latencyRatio(), 1e-12);
                assertTrue(read.get(i).latencyRatio() > 0, read.get(i).toString());
            }
        }
        // Other settings in the same file are refused: they would mix two runs.
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve("scaling.db"))) {
            ScalingException e = assertThrows(ScalingException.class, () -> new CompoundScaling(base(), IMAGES,
                    settings(new CoefficientChoice.Given(new Coefficients(1.1, 1.2, 1.1)), 0.003), storage,
                    "scaling", dir.resolve("models"), ScalingListener.SILENT).run());
            assertTrue(e.getMessage().contains("other settings"), e.getMessage());
        }
    }

    @Test
    void aGridPicksItsMostAccuratePointAndDivergingTrainingsAreFailedTrials(@TempDir Path dir) {
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve("scaling.db"))) {
            // A step of 0.5 leaves one point, alpha 2: it trains and is picked.
            ScalingResult picked = new CompoundScaling(base(), IMAGES,
                    new ScalingSettings(List.of(1), new CoefficientChoice.Grid(0.5, 1), true, List.of(), 1,
                            TrainingSettings.DEFAULT.withEpochs(1).withBatchSize(50), LATENCY, 0.2, 3),
                    storage, "scaling", dir.resolve("models"), ScalingListener.SILENT).run();
            assertEquals(new Coefficients(2, 1, 1), picked.coefficients());
            assertEquals(1, picked.grid().size());
            assertTrue(Double.isFinite(picked.grid().get(0).validationAccuracy()));
            assertEquals(List.of("B0", "B1", "E1"), picked.rows().stream().map(r -> r.member().name()).toList());
        }
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve("diverged.db"))) {
            ScalingResult diverged = new CompoundScaling(base(), IMAGES,
                    settings(new CoefficientChoice.Given(Coefficients.EFFICIENTNET), 1e9), storage, "scaling",
                    dir.resolve("diverged"), ScalingListener.SILENT).run();
            for (ScalingResult.Row row : diverged.rows()) {
                ScalingResult.Trained trained = row.seeds().get(0);
                assertFalse(trained.ok(), row.member().name() + " trained at a learning rate of 1e9");
                assertTrue(trained.error().orElseThrow().contains("diverged"), trained.error().orElseThrow());
            }
            assertTrue(storage.trials("scaling", CompoundScaling.memberSpace(List.of("B0", "B1", "D1", "W1",
                    "R1"))).stream().allMatch(t -> t.result().state() == TrialState.FAILED));
        }
    }

    @Test
    void aTrainingStoppedWithItsRunTrainsAgainAndIsNoFailure(@TempDir Path dir) {
        ScalingSettings settings = settings(new CoefficientChoice.Given(Coefficients.EFFICIENTNET), 0.003);
        Path file = dir.resolve("scaling.db");
        try (StudyStorage storage = SqliteStudyStorage.open(file)) {
            // The process dies while R1 trains: an Error, which no trial catches, leaves its trial RUNNING.
            ScalingListener dying = new ScalingListener() {
                private String training = "";

                @Override
                public void trainingStarting(String what, int epochs, int updates) {
                    training = what;
                }

                @Override
                public void trainingProgress(int updates, int total) {
                    if (training.startsWith("R1")) {
                        throw new AssertionError("killed");
                    }
                }
            };
            assertThrows(AssertionError.class, () -> new CompoundScaling(base(), IMAGES, settings, storage,
                    "scaling", dir.resolve("models"), dying).run());
        }
        List<String> trained = new java.util.ArrayList<>();
        ScalingResult resumed;
        try (StudyStorage storage = SqliteStudyStorage.open(file)) {
            resumed = new CompoundScaling(base(), IMAGES, settings, storage, "scaling", dir.resolve("models"),
                    new ScalingListener() {
                        @Override
                        public void trainingStarting(String what, int epochs, int updates) {
                            trained.add(what);
                        }
                    }).run();
            String config = storage.studies().get(0).config();
            List<StudyStorage.StoredTrial> trials = storage.trials("scaling", ScalingTable.space(config));
            assertEquals(6, trials.size(), "five trainings and the one stopped");
            assertEquals(CompoundScaling.INTERRUPTED, trials.stream().filter(t -> t.result().state()
                    == TrialState.FAILED).findFirst().orElseThrow().result().error().orElseThrow());
            ScalingTable.Line r1 = ScalingTable.read(config, trials, dir.resolve("models")).get(4);
            assertEquals("R1", r1.name());
            assertEquals(0, r1.failed(), "the stopped training is no failure of R1's");
            assertEquals(1, r1.accuracies().size());
        }
        assertEquals(List.of("R1, seed 1 of 1"), trained, "only the stopped training runs again");
        assertTrue(resumed.rows().get(4).seeds().get(0).ok());
    }

    @Test
    void theMembersRebuildFromTheStudyAloneAndAWrongLayoutIsCaught(@TempDir Path dir) {
        ScalingSettings settings = settings(new CoefficientChoice.Given(Coefficients.EFFICIENTNET), 0.003);
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve("scaling.db"))) {
            ScalingResult run = new CompoundScaling(base(), IMAGES, settings, storage, "scaling",
                    dir.resolve("models"), ScalingListener.SILENT).run();
            String config = storage.studies().stream().filter(s -> ScalingTable.isScalingStudy(s.config()))
                    .findFirst().orElseThrow().config();
            List<ScaledMembers.Rebuilt> rebuilt = ScaledMembers.rebuild(config, SPACE, NETWORK.layout());
            assertEquals(run.rows().size(), rebuilt.size());
            for (int i = 0; i < rebuilt.size(); i++) {
                Member member = run.rows().get(i).member();
                assertEquals(member.name(), rebuilt.get(i).name());
                assertEquals(member.way(), rebuilt.get(i).way());
                assertEquals(member.network(), rebuilt.get(i).network(), member.name() + " rebuilds as it trained");
            }
            NetworkLayout wider = new NetworkLayout(16, 3, 2, List.of(1, 2), 16);
            ScalingException wrong = assertThrows(ScalingException.class,
                    () -> ScaledMembers.rebuild(config, SPACE, wider));
            assertTrue(wrong.getMessage().contains("give the --config the run scaled"), wrong.getMessage());
        }
    }

    @Test
    void aTrainingThatStopsItsRunEveryTimeIsGivenUp(@TempDir Path dir) {
        ScalingSettings settings = settings(new CoefficientChoice.Given(Coefficients.EFFICIENTNET), 0.003);
        Path file = dir.resolve("scaling.db");
        List<String> trained = new java.util.ArrayList<>();
        // R1 kills its run each time, as a network too large for the machine's memory would.
        ScalingListener dying = new ScalingListener() {
            private String training = "";

            @Override
            public void trainingStarting(String what, int epochs, int updates) {
                training = what;
                trained.add(what);
            }

            @Override
            public void trainingProgress(int updates, int total) {
                if (training.startsWith("R1")) {
                    throw new AssertionError("killed");
                }
            }
        };
        for (int run = 0; run < CompoundScaling.MAX_INTERRUPTIONS; run++) {
            try (StudyStorage storage = SqliteStudyStorage.open(file)) {
                assertThrows(AssertionError.class, () -> new CompoundScaling(base(), IMAGES, settings, storage,
                        "scaling", dir.resolve("models"), dying).run());
            }
        }
        trained.clear();
        try (StudyStorage storage = SqliteStudyStorage.open(file)) {
            ScalingResult last = new CompoundScaling(base(), IMAGES, settings, storage, "scaling",
                    dir.resolve("models"), dying).run();
            assertEquals(List.of(), trained, "R1 is not tried a fourth time, and the others are done");
            ScalingResult.Trained r1 = last.rows().get(4).seeds().get(0);
            assertEquals("R1", last.rows().get(4).member().name());
            assertFalse(r1.ok());
            assertEquals(CompoundScaling.GAVE_UP, r1.error().orElseThrow());
        }
    }

    @Test
    void aBaseThatDoesNotFitTheImagesIsRefused(@TempDir Path dir) {
        NetworkSettings colour = new NetworkSettings(new ImageShape(3, 28, 28), 10, NETWORK.layout());
        try (StudyStorage storage = SqliteStudyStorage.open(dir.resolve("scaling.db"))) {
            ScalingException e = assertThrows(ScalingException.class, () -> new CompoundScaling(
                    new ScalingBase(ARCHITECTURE, colour, "test", Optional.empty()), IMAGES,
                    settings(new CoefficientChoice.Given(Coefficients.EFFICIENTNET), 0.003), storage, "x",
                    dir.resolve("models"), ScalingListener.SILENT));
            assertTrue(e.getMessage().contains("give the images the base was found on"), e.getMessage());
        }
    }

    private static org.nas4j.data.ImageDataset resized(TrainedModel model) {
        ImageShape input = model.input().network().input();
        return org.nas4j.data.Resize.bilinear(IMAGES.test(), input.height(), input.width());
    }
}
