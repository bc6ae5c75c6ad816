package org.nas4j.bench.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.model.NetworkLayout;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.supernet.Sharing;
import org.nas4j.djl.supernet.SupernetSettings;
import org.nas4j.djl.train.Constraints;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.search.DataSettings;
import org.nas4j.search.Study;
import org.nas4j.search.StudySettings;
import org.nas4j.space.SearchSpace;

class RankingBenchmarkTest {
    private static final SearchSpace SPACE = SearchSpace.builder()
            .decision("stage1.block", "conv", "dwsep").decision("stage1.kernel", 3, 5)
            .decision("stage1.expansion", 1).decision("stage1.se", 0).decision("stage1.layers", 1, 2)
            .decision("stage1.filters", 8, 16).decision("stage1.skip", "none")
            .build();

    private static StudyConfig config() {
        return StudyConfig.of("ranking", SPACE).withStudy(StudySettings.of("ranking", 3))
                .withData(new DataSettings(Optional.empty(), 0.1, Optional.of(400L), Optional.empty()))
                .withNetwork(new NetworkLayout(8, 3, 2, List.of(2), 16))
                .withTraining(TrainingSettings.DEFAULT.withEpochs(1).withBatchSize(50))
                .withSupernet(Optional.of(SupernetSettings.DEFAULT.withTraining(TrainingSettings.DEFAULT
                        .withEpochs(1).withBatchSize(50)).withCalibration(100, 50).withScoreImages(200)));
    }

    @Test
    void ranksSpreadArchitecturesAndGoesOnWhereItStopped(@TempDir Path dir) throws Exception {
        StudyConfig config = config();
        TrainTest images = FashionMnist.embedded();
        NetworkSettings network = Study.network(config, images);
        TrainingData data = Study.searchData(config, images);
        List<RankingBenchmark.Candidate> candidates = RankingBenchmark.spread(config, network, 4, 1);
        for (int i = 1; i < candidates.size(); i++) {
            assertTrue(candidates.get(i).flops() >= candidates.get(i - 1).flops(), "in order of multiply-adds");
        }
        List<String> log = new ArrayList<>();
        RankingBenchmark benchmark = new RankingBenchmark(config, network, data, dir, log::add);
        List<RankingBenchmark.Agreement> agreements = benchmark.run(candidates, List.of(Sharing.ENTANGLED), 1, true,
                1);
        assertEquals(List.of("entangled, BatchNorm recalibrated", "entangled, running BatchNorm statistics",
                "multiply-adds (no training)", "parameters (no training)"),
                agreements.stream().map(RankingBenchmark.Agreement::scoring).toList());
        for (RankingBenchmark.Agreement a : agreements) {
            assertEquals(4, a.architectures());
            assertTrue(Double.isNaN(a.tau().estimate()) || Math.abs(a.tau().estimate()) <= 1, a.toString());
        }
        long measured = Files.readAllLines(dir.resolve("results.jsonl")).size();
        assertEquals(3 * 4, measured, "two scorings and the stand-alone accuracy of each architecture");
        ResultLog scores = new ResultLog(dir);
        for (RankingBenchmark.Candidate c : candidates) {
            for (String scoring : List.of("entangled, BatchNorm recalibrated", "entangled, running BatchNorm "
                    + "statistics", "stand-alone, 1 epoch")) {
                double value = scores.get(scoring + "/" + c.index()).orElseThrow();
                assertTrue(value >= 0 && value <= 1, scoring + " of " + c + ": an accuracy, got " + value);
            }
        }
        assertTrue(candidates.stream().anyMatch(c -> !scores.get("entangled, BatchNorm recalibrated/" + c.index())
                .equals(scores.get("entangled, running BatchNorm statistics/" + c.index()))),
                "recalibrated statistics change some score");
        benchmark.run(candidates, List.of(Sharing.ENTANGLED), 1, true, 1);
        assertEquals(measured, Files.readAllLines(dir.resolve("results.jsonl")).size(), "nothing measured twice");
        // Another number of stand-alone epochs is another ground truth: trained anew, the scores reused.
        benchmark.run(candidates, List.of(Sharing.ENTANGLED), 2, true, 1);
        List<String> lines = Files.readAllLines(dir.resolve("results.jsonl"));
        assertEquals(measured + 4, lines.size(), "four trainings of two epochs");
        assertTrue(lines.subList((int) measured, lines.size()).stream()
                .allMatch(line -> line.contains("stand-alone, 2 epochs/")), lines.toString());
        ResultLog kept = new ResultLog(dir);
        assertTrue(candidates.stream().anyMatch(c -> !kept.get("stand-alone, 2 epochs/" + c.index())
                .equals(kept.get("stand-alone, 1 epoch/" + c.index()))), "two epochs trained, not one: " + lines);
        // Without stand-alone training, a ground truth not yet measured gives no agreement.
        assertTrue(benchmark.run(candidates, List.of(Sharing.ENTANGLED), 3, false, 1).isEmpty());
        assertEquals(measured + 4, Files.readAllLines(dir.resolve("results.jsonl")).size());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> benchmark.run(
                RankingBenchmark.spread(config, network, 3, 1), List.of(Sharing.ENTANGLED), 1, true, 1));
        assertTrue(other.getMessage().contains("other architectures"), other.getMessage());
        // Another recipe's results are not mixed with these.
        RankingBenchmark otherRecipe = new RankingBenchmark(config.withTraining(TrainingSettings.DEFAULT.withEpochs(1)
                .withBatchSize(25)), network, data, dir, log::add);
        IllegalArgumentException recipe = assertThrows(IllegalArgumentException.class, () -> otherRecipe.run(
                candidates, List.of(Sharing.ENTANGLED), 1, true, 1));
        assertTrue(recipe.getMessage().contains("another config"), recipe.getMessage());
    }

    @Test
    void drawsOnlyArchitecturesWithinTheConfigsLimits() {
        StudyConfig open = config();
        TrainTest images = FashionMnist.embedded();
        NetworkSettings network = Study.network(open, images);
        List<RankingBenchmark.Candidate> unlimited = RankingBenchmark.spread(open, network, 4, 1);
        long cheapest = unlimited.get(0).flops();
        long costliest = unlimited.get(unlimited.size() - 1).flops();
        long middleParameters = Math.max(unlimited.get(0).parameters(),
                (unlimited.get(0).parameters() + unlimited.get(3).parameters()) / 2);
        // The reference: the costliest architecture at half the ratio, so the limit is half its multiply-adds.
        StudyConfig limited = open.withConstraints(new Constraints(Optional.empty(), Optional.of(middleParameters),
                Optional.empty(), Optional.of(new Constraints.RelativeLatency(unlimited.get(3).architecture(),
                        0.5))));
        List<RankingBenchmark.Candidate> within = RankingBenchmark.spread(limited, network, 2, 1);
        for (RankingBenchmark.Candidate c : within) {
            assertTrue(c.parameters() <= middleParameters, c + " over the parameter limit " + middleParameters);
            assertTrue(c.flops() <= costliest * 0.5, c + " over half the reference's multiply-adds " + costliest);
        }
        assertEquals(cheapest, within.get(0).flops(), "the cheapest architecture is within every limit");
        StudyConfig impossible = open.withConstraints(new Constraints(Optional.empty(), Optional.of(1L),
                Optional.empty()));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> RankingBenchmark.spread(impossible, network, 2, 1));
        assertTrue(none.getMessage().contains("within the config's limits"), none.getMessage());
    }
}
