package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands.Outcome;
import org.nas4j.config.StudyConfig;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.study.Curve;
import org.nas4j.study.TrialState;

class SearchCommandTest {

    /** The example's space and settings, shrunk to seconds: 300 images, two epochs. */
    private static Path smallConfig(Path dir) throws Exception {
        String example = Files.readString(Path.of("..", "examples", "fashion-mnist.yaml"));
        String small = example.replace("  validation_fraction: 0.1", "  validation_fraction: 0.2")
                .replace("  train_limit: 54000", "  train_limit: 300")
                .replace("  epochs: 6\n", "  epochs: 2\n")
                .replace("    max_ratio: 1.0", "    max_ratio: 100");
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, small);
        return file;
    }

    /**
     * ASHA over three epochs (a rung at epoch 1): every trial's learning curve is kept, and a trial below the rung's
     * top third stops there, PRUNED with its partial curve.
     */
    @Test
    void aPrunedSearchStopsTrialsAtTheRungAndKeepsEveryCurve(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("asha.yaml");
        Files.writeString(config, Files.readString(smallConfig(dir)).replace("  epochs: 2\n", "  epochs: 3\n")
                + "pruner: {kind: asha, min_epochs: 1, eta: 3}\n");
        Path out = dir.resolve("study");
        Outcome searched = Commands.run("search", config.toString(), "--out", out.toString(), "--trials", "6",
                "--json");
        assertEquals(0, searched.exitCode(), searched.err());
        List<String> lines = searched.out().strip().lines().toList();
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(6, summary.get("trials").asInt());
        try (SqliteStudyStorage storage = SqliteStudyStorage.openReadOnly(
                out.resolve("study.db"))) {
            StudyConfig stored = StudyConfig.parseStored(storage.studies().get(0).config());
            var trials = storage.trials(stored.study().name(), stored.space());
            var curves = storage.curves(stored.study().name()).stream()
                    .filter(c -> c.name().equals(Curve.VALIDATION_ACCURACY)).toList();
            int stopped = 0;
            for (var trial : trials) {
                if (trial.result().state() == TrialState.FAILED) {
                    continue;
                }
                int epochs = curves.stream().filter(c -> c.owner() == trial.result().number()).findFirst()
                        .orElseThrow().points().size();
                if (trial.result().isStoppedEarly()) {
                    stopped++;
                    assertEquals(1, epochs, "stopped at the rung");
                } else if (trial.result().isComplete()) {
                    assertEquals(3, epochs, "scored after each of its epochs");
                }
            }
            assertEquals(summary.get("stopped_early").asInt(), stopped);
            // Only six trials increasing at the rung in the order they ran would all go on (one order in 720).
            assertTrue(stopped >= 1, "trials below the rung's top third stop: " + searched.err());
        }
    }

    /**
     * Synchronous successive halving over three epochs, brackets of three real trainings: in each bracket exactly
     * one trial goes on from the rung and trains to the end. Workers cannot share a bracket: refused, exit 2.
     */
    @Test
    void successiveHalvingKeepsOneOfEachBracketOfThree(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("halving.yaml");
        Files.writeString(config, Files.readString(smallConfig(dir)).replace("  epochs: 2\n", "  epochs: 3\n")
                // No limit rejects a candidate, so that each bracket is three consecutive trials.
                .replace("    max_ratio: 100", "    max_ratio: 1000000")
                .replace("  max_params: 500000", "  max_params: 100000000")
                + "pruner: {kind: successive-halving, min_epochs: 1, eta: 3, bracket: 3}\n");
        Path out = dir.resolve("study");
        Outcome searched = Commands.run("search", config.toString(), "--out", out.toString(), "--trials", "6",
                "--json");
        assertEquals(0, searched.exitCode(), searched.err());
        try (SqliteStudyStorage storage = SqliteStudyStorage.openReadOnly(
                out.resolve("study.db"))) {
            StudyConfig stored = StudyConfig.parseStored(storage.studies().get(0).config());
            var trials = storage.trials(stored.study().name(), stored.space());
            assertEquals(6, trials.size());
            var curves = storage.curves(stored.study().name()).stream()
                    .filter(c -> c.name().equals(Curve.VALIDATION_ACCURACY)).toList();
            for (int first = 0; first < 6; first += 3) {
                List<Integer> epochs = new ArrayList<>();
                for (var trial : trials.subList(first, first + 3)) {
                    epochs.add(curves.stream().filter(c -> c.owner() == trial.result().number()).findFirst()
                            .orElseThrow().points().size());
                }
                assertEquals(List.of(1, 1, 3), epochs.stream().sorted().toList(), "trials " + first + "..: "
                        + searched.err());
            }
        }
        Outcome shared = Commands.run("search", config.toString(), "--storage", dir.resolve("shared.db").toString(),
                "--trials", "3");
        assertEquals(2, shared.exitCode(), shared.err());
        assertTrue(shared.err().contains("pruner kind successive-halving pauses a bracket's trials"), shared.err());
    }

    @Test
    void searchesRecordsAndResumes(@TempDir Path dir) throws Exception {
        Path config = smallConfig(dir);
        Path out = dir.resolve("study");
        Outcome first = Commands.run("search", config.toString(), "--out", out.toString(), "--trials", "2",
                "--json");
        assertEquals(0, first.exitCode(), first.err());
        List<String> lines = first.out().strip().lines().toList();
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(2, summary.get("trials").asInt());
        assertEquals(2, summary.get("completed").asInt() + summary.get("failed").asInt()
                + summary.get("pruned").asInt());
        assertTrue(Files.exists(out.resolve("study.db")));
        assertTrue(first.err().contains("trial 0:") && first.err().contains("trial 1:"), first.err());
        // The limit caps the training images only: the validation split is a fifth of all 6,000.
        assertTrue(first.err().contains("candidates train on 300 images and are judged on 1,200 validation images"),
                first.err());

        Outcome again = Commands.run("search", config.toString(), "--out", out.toString(), "--trials", "2");
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("add --resume"), again.err());

        Outcome resumed = Commands.run("search", config.toString(), "--out", out.toString(), "--trials", "3",
                "--resume", "--json");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming: 2 of 3 trials already done"), resumed.err());
        assertTrue(resumed.err().contains("trial 2:") && !resumed.err().contains("trial 0:"), resumed.err());
        List<String> resumedLines = resumed.out().strip().lines().toList();
        assertEquals(3, new ObjectMapper().readTree(resumedLines.get(resumedLines.size() - 1)).get("trials").asInt());

        Outcome retrained = Commands.run("retrain", out.toString(), "--epochs", "1", "--finalists", "1",
                "--json");
        assertEquals(0, retrained.exitCode(), retrained.err());
        JsonNode model = new ObjectMapper().readTree(retrained.out().strip());
        assertTrue(model.get("test_acc").asDouble() > 0.3, model.toString());
        Outcome predicted = Commands.run("predict", out.resolve("model").toString(), "--json");
        assertEquals(0, predicted.exitCode(), predicted.err());
        assertEquals(model.get("test_acc").asDouble(),
                new ObjectMapper().readTree(predicted.out().strip()).get("test_acc").asDouble(),
                "the saved model gives the accuracy measured after retraining");
        assertTrue(model.get("latency_ms").asDouble() > 0, model.toString());
        assertEquals(model.get("latency_in_turn_ms").asDouble() / model.get("reference_latency_ms").asDouble(),
                model.get("latency_ratio").asDouble(), 1e-9, "timed beside the config's reference: " + model);
        String example = Path.of("..", "examples", "fashion-mnist.yaml").toString();
        String reference = ((StrategySpec.Evolution) StudyConfig.read(Path.of(example)).strategy()).startFrom().get(0)
                .canonicalString();
        Outcome compared = Commands.run("bench", "latency", "--models", out.resolve("model").toString(),
                "--config", example, "--arch", reference, "--rounds", "2", "--warmup", "1", "--json");
        assertEquals(0, compared.exitCode(), compared.err());
        JsonNode rows = new ObjectMapper().readTree(compared.out().strip()).get("models");
        assertEquals(2, rows.size(), "the saved model, then the architecture");
        assertEquals(out.resolve("model").toString(), rows.get(0).get("model").asText());
        assertTrue(rows.get(1).get("model").isNull(), rows.toString());
        assertEquals(reference, rows.get(1).get("arch").asText());
        for (JsonNode row : rows) {
            assertTrue(row.get("min_ms").asDouble() > 0 && row.get("min_ms").asDouble() <= row.get("median_ms")
                    .asDouble() && row.get("median_ms").asDouble() <= row.get("max_ms").asDouble(), rows.toString());
        }
        Outcome unknownArch = Commands.run("bench", "latency", "--config", example, "--arch",
                "stage1.block=x");
        assertEquals(2, unknownArch.exitCode());
        assertTrue(unknownArch.err().contains("--arch: "), unknownArch.err());
        Outcome noModel = Commands.run("bench", "latency", "--models", dir.resolve("none").toString());
        assertEquals(2, noModel.exitCode());
        assertTrue(noModel.err().contains("is not a saved model"), noModel.err());
        assertEquals(2, Commands.run("retrain", out.toString(), "--trial", "99").exitCode());

        Outcome finals = Commands.run("retrain", out.toString(), "--finalists", "2", "--finalist-epochs", "1",
                "--epochs", "1", "--model", dir.resolve("finalist").toString(), "--json");
        assertEquals(0, finals.exitCode(), finals.err());
        JsonNode finalModel = new ObjectMapper().readTree(finals.out().strip());
        JsonNode finalists = finalModel.get("finalists");
        int completed = new ObjectMapper().readTree(resumedLines.get(resumedLines.size() - 1)).get("completed")
                .asInt();
        List<JsonNode> references = new ArrayList<>();
        finalists.forEach(f -> {
            if (f.get("reference").asBoolean()) {
                references.add(f);
            }
        });
        assertEquals(1, references.size(), "the latency reference (trial 0) trains beside the finalists once: "
                + finalists);
        assertEquals(0, references.get(0).get("trial").asInt(), finalists.toString());
        boolean referenceAdded = finalists.size() > Math.min(2, completed);
        assertEquals(Math.min(2, completed) + (referenceAdded ? 1 : 0), finalists.size(), finalModel.toString());
        assertEquals(referenceAdded, finals.err().contains("and the latency reference (trial 0)"), finals.err());
        JsonNode mostAccurate = finalists.get(0);
        for (JsonNode finalist : finalists) {
            assertTrue(finalist.get("val_acc").asDouble() > 0.2, finalist.toString());
            if (finalist.get("val_acc").asDouble() > mostAccurate.get("val_acc").asDouble()) {
                mostAccurate = finalist;
            }
        }
        assertEquals(mostAccurate.get("trial").asInt(), finalModel.get("trial").asInt(),
                "the most accurate finalist on validation is the one retrained");
        assertTrue(finals.err().contains("finalists: the " + Math.min(2, completed) + " best trials by reward"),
                finals.err());
        Outcome finalistsWithTrial = Commands.run("retrain", out.toString(), "--finalists", "2", "--trial",
                "0");
        assertEquals(2, finalistsWithTrial.exitCode());
        assertTrue(finalistsWithTrial.err().contains("does not go with --trial"), finalistsWithTrial.err());

        String baseline = "stage1.block=conv,stage1.kernel=3,stage1.expansion=1,stage1.se=0,stage1.layers=1,"
                + "stage1.filters=16,stage1.skip=none,stage2.block=conv,stage2.kernel=3,stage2.expansion=1,"
                + "stage2.se=0,stage2.layers=1,stage2.filters=32,stage2.skip=none,stage3.block=conv,stage3.kernel=3,"
                + "stage3.expansion=1,stage3.se=0,stage3.layers=1,stage3.filters=64,stage3.skip=none";
        Outcome byArch = Commands.run("retrain", out.toString(), "--arch", baseline, "--epochs", "1",
                "--model", dir.resolve("baseline").toString(), "--json");
        assertEquals(0, byArch.exitCode(), byArch.err());
        JsonNode baselineModel = new ObjectMapper().readTree(byArch.out().strip());
        assertEquals(baseline, baselineModel.get("arch").asText());
        assertTrue(baselineModel.get("test_acc").asDouble() > 0.3, baselineModel.toString());
        Outcome badArch = Commands.run("retrain", out.toString(), "--arch", "stage1.block=conv");
        assertEquals(2, badArch.exitCode());
        assertTrue(badArch.err().contains("--arch: ") && badArch.err().contains("name=value"), badArch.err());
        assertEquals(2, Commands.run("retrain", out.toString(), "--arch", baseline, "--trial", "0")
                .exitCode());
        assertEquals(2, Commands.run("predict", dir.resolve("no-model").toString()).exitCode());

        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(config).replace("  epochs: 2\n", "  epochs: 3\n"));
        Outcome other = Commands.run("search", changed.toString(), "--out", out.toString(), "--resume");
        assertEquals(2, other.exitCode());
        assertTrue(other.err().contains("another config"), other.err());
    }

    @Test
    void aTimeBudgetStopsTheSearchBetweenTrials(@TempDir Path dir) throws Exception {
        Path config = smallConfig(dir);
        Outcome outcome = Commands.run("search", config.toString(), "--out", dir.resolve("s").toString(),
                "--trials", "5", "--minutes", "0.0001", "--json");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("stopped after 1 of 5 trials: the time budget of 0.0001 minutes is spent"),
                outcome.err());
        List<String> lines = outcome.out().strip().lines().toList();
        assertEquals(1, new ObjectMapper().readTree(lines.get(lines.size() - 1)).get("trials").asInt());
        assertEquals(2, Commands.run("search", config.toString(), "--out", dir.resolve("t").toString(),
                "--minutes", "0").exitCode());
    }

    @Test
    void badConfigsAndDataAreExplained(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(smallConfig(dir)).replace("optimizer: adam", "optimizer: adamw"));
        Outcome config = Commands.run("search", bad.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, config.exitCode());
        assertTrue(config.err().contains("'training.optimizer' must be one of adam, sgd, got 'adamw'"),
                config.err());
        Outcome data = Commands.run("search", smallConfig(dir).toString(), "--out",
                dir.resolve("y").toString(), "--data", dir.resolve("nowhere").toString());
        assertEquals(2, data.exitCode());
        assertTrue(data.err().contains("dataset-fashion-mnist") || data.err().contains("--data"), data.err());
    }
}
