package org.nas4j.bench.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.djl.train.Constraints;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.search.RetrainSettings;
import org.nas4j.search.StudySettings;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.StrategySpec;

class FrontBenchmarkTest {
    private static final SearchSpace SPACE = SearchSpace.builder()
            .decision("stage1.block", "conv").decision("stage1.kernel", 3, 5)
            .decision("stage1.expansion", 1).decision("stage1.se", 0).decision("stage1.layers", 1, 2)
            .decision("stage1.filters", 8, 16).decision("stage1.skip", "none")
            .build();

    @Test
    void searchesUnderEachMembersLatencyAndTrainsBothWithEverySeed(@TempDir Path dir) throws Exception {
        TrainTest embedded = FashionMnist.embedded();
        TrainTest images = new TrainTest(embedded.train().proportionalSample(300, 1),
                embedded.test().proportionalSample(100, 1));
        StudyConfig config = StudyConfig.of("front", SPACE).withStudy(StudySettings.of("front", 3).withTrials(4))
                .withLatency(new org.nas4j.djl.profile.LatencySettings(1, 2, 30))
                .withStrategy(new StrategySpec.Random())
                .withNetwork(new NetworkLayout(8, 3, 2, List.of(2), 16))
                .withTraining(TrainingSettings.DEFAULT.withEpochs(1).withBatchSize(50))
                .withRetrain(new RetrainSettings(1, 1, 1))
                .withConstraints(new Constraints(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(new Constraints.RelativeLatency(SPACE.parse("stage1.block=conv,stage1.kernel=3,"
                                + "stage1.expansion=1,stage1.se=0,stage1.layers=2,stage1.filters=16,"
                                + "stage1.skip=none"), 1.0))))
                .withSupernet(Optional.of(SupernetSettings.DEFAULT.withTraining(TrainingSettings.DEFAULT
                        .withEpochs(1).withBatchSize(50)).withCalibration(50, 50)));
        FrontBenchmark benchmark = new FrontBenchmark(config, images, dir, line -> { });
        FrontBenchmark.Front front = benchmark.run(List.of(0.5, 1.5), 2);
        List<FrontBenchmark.Budget> budgets = front.budgets();
        assertEquals(2, budgets.size());
        for (FrontBenchmark.Budget budget : budgets) {
            assertEquals(2, budget.memberAccuracy().size());
            // A member smaller than every candidate leaves its search without a winner; that is reported.
            assertEquals(budget.found().isPresent() ? 2 : 0, budget.foundAccuracy().size());
            assertTrue(budget.found().isEmpty() || budget.latencyRatio() > 0, budget.toString());
        }
        assertTrue(budgets.get(1).found().isPresent(), "the widest member's latency leaves room: " + budgets.get(1));
        assertEquals(8, budgets.get(0).member().stages().get(0).filters(), "16 x 0.5");
        assertEquals(24, budgets.get(1).member().stages().get(0).filters(), "16 x 1.5: outside the space");
        assertTrue(Files.exists(dir.resolve("front-x0.5.db")));
        // The pipeline's cost: the whole supernet trained and timed here, every trial of both searches, and one
        // retraining (the first seed) of each found network: all 300 training images in batches of 50, 1 epoch.
        FrontBenchmark.Cost cost = front.cost();
        int searchImages = org.nas4j.search.Study.searchData(config, images).train().size();
        assertEquals(searchImages / 50, cost.supernetSteps(), "1 epoch of the search's images in full batches of 50");
        assertEquals(cost.supernetSteps(), cost.supernetStepsTimed());
        assertTrue(cost.supernetSeconds() > 0 && cost.searchSeconds() > 0, cost.toString());
        assertEquals(2 * 4, cost.scored() + cost.rejected(), "4 trials a search: " + cost);
        int found = (int) budgets.stream().filter(b -> b.found().isPresent()).count();
        assertEquals(found, cost.retrains());
        assertEquals(found * 6L, cost.retrainSteps());
        assertTrue(cost.retrainSeconds() > 0, cost.toString());
        // The plot leaves out a budget without a winner or whose trainings diverged (NaN), and refuses none left.
        FrontBenchmark.Budget empty = new FrontBenchmark.Budget(0.25, budgets.get(0).member(), Optional.empty(),
                Double.NaN, List.of(Double.NaN), List.of(), Double.NaN, Double.NaN, Double.NaN, 1, -1);
        Path png = dir.resolve("front.png");
        FrontBenchmark.plot(List.of(empty, budgets.get(1)), png);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() > 100, "a readable PNG");
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> FrontBenchmark.plot(List.of(empty), png));
        assertTrue(nothing.getMessage().contains("no front"), nothing.getMessage());
        // Run again: every training is read back, nothing trains twice.
        long lines = lines(dir.resolve("results.jsonl"));
        // The supernet's cost, each member's two trainings, each winner's.
        assertEquals(1 + 4 + budgets.stream().mapToInt(b -> b.foundAccuracy().size()).sum(), lines);
        FrontBenchmark.Cost again = benchmark.run(List.of(0.5, 1.5), 2).cost();
        assertEquals(lines, lines(dir.resolve("results.jsonl")));
        assertEquals(cost, again, "what was measured before is counted again, once");
        // Another number of retraining epochs trains everything again, kept apart; the searches are reused.
        int trainings = (int) (lines - 1);
        benchmark.run(List.of(0.5, 1.5), 2, 4, 2);
        List<String> after = Files.readAllLines(dir.resolve("results.jsonl"));
        assertEquals(lines + trainings, after.size());
        assertTrue(after.subList((int) lines, after.size()).stream().allMatch(l -> l.contains(", 2 epochs, seed")),
                after.toString());
        ResultLog kept = new ResultLog(dir);
        assertTrue(List.of("member x0.5", "member x1.5").stream().anyMatch(m -> !kept.get(m + ", 2 epochs, seed 0")
                .equals(kept.get(m + ", 1 epoch, seed 0"))), "two epochs trained, not one: " + after);
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
