package org.nas4j.cli.report;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands;
import org.nas4j.cli.Commands.Outcome;
import org.nas4j.config.StudyConfig;
import org.nas4j.eval.Metrics;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.study.Curve;
import org.nas4j.study.TrialResult;

class ReportCommandTest {
    private static final String PROVENANCE = "{\"cpu\":\"Test CPU 9000\",\"processors\":2,\"engine\":\"PyTorch 2.7.1\","
            + "\"java\":\"17.0.99\"}";
    private static final ObjectNode STATE = new ObjectMapper().createObjectNode();
    // The colours of the report's marks.
    private static final String TRIAL = "rgb(86,180,233)";
    private static final String FRONT = "rgb(213,94,0)";
    private static final String FAILED = "rgb(198,40,40)";
    private static final String PRUNED = "rgb(230,159,0)";

    private static String config(String name, String strategy) {
        return "study:\n  name: " + name + "\nstrategy:\n  kind: " + strategy + "\nreward:\n  kind: mnas\n"
                + "  target_ms: 2.0\nspace:\n  decisions:\n"
                + "    - {name: kernel, options: [3, 5, 7]}\n"
                + "    - {name: block, options: [conv, mbconv]}\n"
                + "    - {name: width, options: [16, 32]}\n";
    }

    /**
     * A REINFORCE-like study: five completed trials (trial 5 dominated on accuracy and latency by trial 1), one
     * FAILED with a '<' in its reason, one PRUNED, one still RUNNING.
     */
    private static void writeStudy(Path file, String name, String strategy) {
        String text = config(name, strategy);
        StudyConfig config = StudyConfig.parse(text);
        SearchSpace space = config.space();
        boolean learned = strategy.startsWith("reinforce");
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy(name, config.hash(), text, PROVENANCE);
            // number: kernel, block, width, accuracy, latency (NaN: not completed)
            double[][] plan = {
                {0, 0, 0, 0.80, 2.0}, {1, 1, 0, 0.85, 3.0}, {2, 0, 1, Double.NaN, 0}, {0, 1, 1, Double.NaN, 0},
                {2, 1, 1, 0.90, 5.0}, {1, 0, 1, 0.82, 4.0}, {0, 0, 1, 0.78, 1.0},
            };
            for (int i = 0; i < plan.length; i++) {
                Architecture arch = space.architecture((int) plan[i][0], (int) plan[i][1], (int) plan[i][2]);
                int number = storage.startTrial(name, arch);
                TrialResult result;
                if (number == 2) {
                    result = TrialResult.failed(number, arch, "loss <NaN> after 3 batches");
                } else if (number == 3) {
                    result = TrialResult.pruned(number, arch, "latency 9.1 ms > max_latency_ms 5");
                } else {
                    double accuracy = plan[i][3];
                    result = TrialResult.completed(number, arch,
                            new Metrics(accuracy, 10 + number, plan[i][4], 100_000 + 1000L * number, 2_500_000),
                            accuracy);
                }
                // The controller grows fond of kernel 7 and mbconv as the trials go on.
                double t = i / (double) plan.length;
                Optional<List<double[]>> probabilities = learned ? Optional.of(List.of(
                        new double[] {(1 - t) / 3, (1 - t) / 3, (1 + 2 * t) / 3},
                        new double[] {0.5 - t / 3, 0.5 + t / 3}, new double[] {0.5, 0.5})) : Optional.empty();
                storage.finishTrial(name, result, 100 + number, 12.5, STATE, probabilities);
            }
            storage.startTrial(name, space.architecture(0, 0, 0));
        }
    }

    @Test
    void writesOneSelfContainedPageWithEverySection(@TempDir Path dir) throws Exception {
        writeStudy(dir.resolve("study.db"), "tiny", "reinforce");
        Outcome outcome = Commands.run("report", dir.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        Path page = dir.resolve("study.html");
        assertTrue(outcome.out().contains(page.toString()), outcome.out());
        String html = Files.readString(page);

        for (String title : List.of("Study <span class=\"name\">tiny</span>", "Controller probabilities",
                "Reward per trial", "Accuracy vs latency", "Top 10 trials by reward", "Failed and pruned trials")) {
            assertTrue(html.contains(title), title);
        }
        for (String count : List.of("<b>5</b> COMPLETE", "<b>1</b> FAILED", "<b>1</b> PRUNED", "<b>1</b> RUNNING")) {
            assertTrue(html.contains(count), count);
        }
        assertTrue(html.contains("Test CPU 9000") && html.contains("PyTorch 2.7.1") && html.contains("17.0.99"),
                "provenance");
        assertTrue(html.contains(StudyConfig.parse(config("tiny", "reinforce")).hash()), "config hash");

        String unwrapped = html.replace("<wbr>", "");
        String best = unwrapped.substring(unwrapped.indexOf("<div class=\"best-trial\">"));
        assertTrue(best.startsWith("<div class=\"best-trial\"><h2>Best trial: 4</h2>"), best);
        assertTrue(best.substring(0, best.indexOf("</div>")).contains("kernel=7,block=mbconv,width=32"), best);

        assertTrue(html.contains("loss &lt;NaN&gt; after 3 batches"), "the reason, escaped");
        assertFalse(html.contains("<NaN>"), "nothing inserted unescaped");
        assertTrue(html.contains("latency 9.1 ms &gt; max_latency_ms 5"));

        String kernel = figure(html, "data-decision=\"kernel\"");
        assertTrue(texts(kernel).containsAll(List.of("kernel", "trial", "probability", "3", "5", "7")),
                "title, axis titles and an entry per option: " + texts(kernel));
        assertEquals(3, seriesLines(kernel), "a line per option");
        String block = figure(html, "data-decision=\"block\"");
        assertTrue(texts(block).containsAll(List.of("conv", "mbconv")), texts(block).toString());
        assertEquals(2, seriesLines(block), "a line per option");
        assertEquals(3, count(html, "<figure class=\"small\""), "one chart per decision");

        String rewards = figure(html, "data-chart=\"rewards\"");
        assertTrue(texts(rewards).containsAll(List.of("trial", "reward", "best so far", "reward of a trial",
                "failed", "pruned by a limit", "best trial")), texts(rewards).toString());
        // Each kind of mark once more in the legend.
        assertEquals(5 + 1, dots(rewards, TRIAL), "a dot per completed trial");
        assertEquals(1 + 1, dots(rewards, FAILED), "the failed trial, below the rewards");
        assertEquals(1 + 1, dots(rewards, PRUNED), "the pruned trial, below the rewards");

        String pareto = figure(html, "data-chart=\"pareto\"");
        assertTrue(texts(pareto).containsAll(List.of("latency (ms)", "validation accuracy", "Pareto front",
                "on the Pareto front", "trial")), texts(pareto).toString());
        assertEquals(4 + 1, dots(pareto, FRONT), "a dot per trial on the front");
        assertEquals(1 + 1, dots(pareto, TRIAL), "trial 5 off the front");
        assertEquals(List.of(6, 0, 1, 4), rows(section(html, "pareto")),
                "the Pareto front, fastest first: trial 5 is slower and less accurate than trial 1");

        String top = section(html, "top");
        assertEquals(List.of(4, 1, 5, 0, 6), rows(top), "by reward, best first");
        assertTrue(section(html, "failures").contains("class=\"state pruned\">PRUNED"));

        // Nothing to fetch: no scripts, style sheets, fonts or images from elsewhere.
        for (String external : List.of("<script", "<link", "@import", "src=", "https:")) {
            assertFalse(html.contains(external), external);
        }
        assertFalse(Pattern.compile("url\\((?!#)").matcher(html).find(), "url() only within the page");
    }

    /**
     * The learning curves the trials recorded: the most accurate eight as lines, the rest as dots; a trial a pruner
     * stopped as a point of its own among the rewards; a supernet's loss in a section of its own.
     */
    @Test
    void drawsTheLearningCurvesAStoppedTrialAndTheSupernetLoss(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "curves", "random");
        SearchSpace space = StudyConfig.parse(config("curves", "random")).space();
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.failRunning("curves", "interrupted");
            for (int k = 0; k < 10; k++) {
                Architecture arch = space.architecture(k % 3, k % 2, 0);
                int number = storage.startTrial("curves", arch);
                for (int epoch = 1; epoch <= (k == 9 ? 1 : 3); epoch++) {
                    storage.recordCurve("curves", number, Curve.VALIDATION_ACCURACY, List.of(new Curve.Point(epoch,
                            0.5 + 0.1 * epoch + 0.001 * k)));
                }
                TrialResult result = k == 9 ? TrialResult.stoppedEarly(number, arch, Metrics.ofAccuracy(0.6), 0.6,
                        "pruned by median after epoch 1: below the median")
                        : TrialResult.completed(number, arch, new Metrics(0.8 + 0.001 * k, 10, 2.0, 1000, 5000),
                        0.8 + 0.001 * k);
                storage.finishTrial("curves", result, number, 1, STATE, Optional.empty());
            }
            storage.recordCurve("curves", Curve.STUDY, Curve.SUPERNET_LOSS, List.of(new Curve.Point(10, 2.0),
                    new Curve.Point(20, 1.5)));
        }
        Outcome outcome = Commands.run("report", dir.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        String html = Files.readString(dir.resolve("study.html"));
        String curves = figure(html, "data-chart=\"curves\"");
        List<String> legend = texts(curves);
        assertTrue(legend.containsAll(List.of("epoch", "validation accuracy", "other trials")), legend.toString());
        // Trials 8 to 17 (after the 8 of the study): the eight most accurate at their last epoch are 16 down to 9;
        // 17 stopped after one epoch.
        for (int number = 9; number <= 16; number++) {
            assertTrue(legend.contains("trial " + number), number + " in " + legend);
        }
        assertFalse(legend.contains("trial 8") || legend.contains("trial 17"), legend.toString());
        assertTrue(texts(figure(html, "data-chart=\"rewards\"")).contains("stopped early"));
        assertTrue(texts(figure(html, "data-chart=\"supernet\"")).contains("training loss"));
    }

    @Test
    void takesTheStudyFileItselfAndAnOutputPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.db");
        writeStudy(file, "plain", "random");
        Path target = dir.resolve("reports/plain.html");
        Outcome outcome = Commands.run("report", file.toString(), "--out", target.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        String html = Files.readString(target);
        assertTrue(html.contains("No trial recorded controller probabilities: the random strategy"), "skipped");
        assertFalse(html.contains("<figure class=\"small\""));
        assertTrue(html.contains("Accuracy vs latency"));
    }

    @Test
    void aStudyWithoutResultsSaysSoInEverySection(@TempDir Path dir) throws Exception {
        String text = config("early", "reinforce");
        StudyConfig config = StudyConfig.parse(text);
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(dir.resolve("study.db"))) {
            storage.openStudy("early", config.hash(), text, "not json");
        }
        Outcome none = Commands.run("report", dir.toString());
        assertEquals(0, none.exitCode(), none.err());
        String html = Files.readString(dir.resolve("study.html"));
        assertTrue(html.contains("No trial has recorded the controller's probabilities yet."), html);
        assertTrue(html.contains("No trial has finished yet.") && html.contains("No trial has completed yet."));
        assertTrue(html.contains("<th>provenance</th><td>not json</td>"), "shown as it is");

        try (SqliteStudyStorage storage = SqliteStudyStorage.open(dir.resolve("study.db"))) {
            Architecture arch = config.space().architecture(0, 0, 0);
            storage.finishTrial("early", TrialResult.failed(storage.startTrial("early", arch), arch, "out of memory"),
                    1, 0.5, STATE, Optional.empty());
        }
        Outcome failed = Commands.run("report", dir.toString());
        assertEquals(0, failed.exitCode(), failed.err());
        html = Files.readString(dir.resolve("study.html"));
        String rewards = figure(html, "data-chart=\"rewards\"");
        assertEquals(1 + 1, dots(rewards, FAILED), "the failed trial and its legend entry");
        assertTrue(texts(rewards).contains("failed") && !texts(rewards).contains("pruned by a limit"),
                texts(rewards).toString());
        assertTrue(html.contains("No completed trial has a measured latency."));
        assertTrue(section(html, "failures").contains("out of memory"));
    }

    @Test
    void aFileWithSeveralStudiesNeedsTheirName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "alpha", "reinforce");
        writeStudy(file, "beta", "random");
        Outcome ambiguous = Commands.run("report", dir.toString());
        assertEquals(2, ambiguous.exitCode());
        assertTrue(ambiguous.err().contains("holds 2 studies [alpha, beta]: choose one with --study NAME"),
                ambiguous.err());
        Outcome unknown = Commands.run("report", dir.toString(), "--study", "gamma");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("no study 'gamma'; its studies are [alpha, beta]"), unknown.err());
        Outcome chosen = Commands.run("report", dir.toString(), "--study", "beta");
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertTrue(Files.readString(dir.resolve("study.html")).contains("<title>nas4j study beta</title>"));
    }

    @Test
    void missingAndForeignFilesAreExplained(@TempDir Path dir) throws Exception {
        Outcome missing = Commands.run("report", dir.resolve("absent").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        assertFalse(Files.exists(dir.resolve("absent")), "nothing created");

        Outcome empty = Commands.run("report", dir.toString());
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().contains("holds no study.db"), empty.err());
        assertFalse(Files.exists(dir.resolve("study.db")), "nothing created");

        Path text = dir.resolve("notes.db");
        Files.writeString(text, "not a database, just some notes that are long enough to fill a header page\n"
                .repeat(20));
        Outcome foreign = Commands.run("report", text.toString());
        assertEquals(2, foreign.exitCode());
        assertTrue(foreign.err().contains("is not a nas4j study file"), foreign.err());
        assertFalse(foreign.err().contains("\tat "), foreign.err());
    }

    /** The figure with the given attribute. */
    private static String figure(String html, String attribute) {
        int start = html.indexOf(attribute);
        assertTrue(start >= 0, "no chart with " + attribute);
        return html.substring(start, html.indexOf("</figure>", start));
    }

    /** What a chart writes: titles, tick labels, legend entries. */
    private static List<String> texts(String figure) {
        return Pattern.compile("<text [^>]*>([^<]*)</text>").matcher(figure).results()
                .map(m -> m.group(1).replace("&amp;", "&")).toList();
    }

    /** Lines drawn at a series' width; ticks and grid lines are thinner. */
    private static int seriesLines(String figure) {
        return (int) Pattern.compile("<path [^>]*stroke-width:2;").matcher(figure).results().count();
    }

    /** Dots filled in the colour, given as SVG writes it. */
    private static int dots(String figure, String rgb) {
        return (int) Pattern.compile("<ellipse [^>]*fill:" + Pattern.quote(rgb)).matcher(figure).results().count();
    }

    private static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        assertTrue(start >= 0, "no section " + id);
        return html.substring(start, html.indexOf("</section>", start));
    }

    private static List<Integer> rows(String table) {
        return Pattern.compile("<tr data-trial=\"(\\d+)\">").matcher(table).results()
                .map(m -> Integer.parseInt(m.group(1))).toList();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
