package org.nas4j.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nas4j.space.SearchSpace;
import org.nas4j.stats.Summary;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;

/**
 * A scaling run as a table, one line per member, as the command prints it, {@code --json} writes it and the report
 * shows it: from a run just finished, or read back from its study and its models (which keep the base's latency
 * timed beside each).
 */
public final class ScalingTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScalingTable() {
    }

    /**
     * One member.
     *
     * @param way          {@link Way#text()}
     * @param accuracies   the test accuracy of each seed that trained
     * @param latencyMs    the median over the seeds of its latency timed in turn with B0; NaN when none trained
     * @param latencyRatio the median of its latency over B0's, timed in turn; NaN when not known
     */
    public record Line(String name, String way, int phi, double depth, double width, double resolution, String input,
                       long parameters, long flops, List<Double> accuracies, int failed, double latencyMs,
                       double latencyRatio) {
        public Line {
            Objects.requireNonNull(name, "name");
            accuracies = List.copyOf(accuracies);
        }

        /** The mean test accuracy of the seeds; NaN when none trained. */
        public double meanAccuracy() {
            return accuracies.isEmpty() ? Double.NaN
                    : accuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }

        /** The range of the seeds' test accuracies; NaN below two. */
        public double spread() {
            if (accuracies.size() < 2) {
                return Double.NaN;
            }
            Summary summary = Summary.of(accuracies.stream().mapToDouble(Double::doubleValue).toArray());
            return summary.max() - summary.min();
        }

        /** Test accuracy per millisecond of latency. */
        public double accuracyPerMs() {
            return meanAccuracy() / latencyMs;
        }
    }

    /** The lines of a run just finished. */
    public static List<Line> of(ScalingResult result) {
        List<Line> lines = new ArrayList<>();
        for (ScalingResult.Row row : result.rows()) {
            Member m = row.member();
            List<Double> accuracies = row.seeds().stream().filter(ScalingResult.Trained::ok)
                    .map(ScalingResult.Trained::testAccuracy).toList();
            int failed = (int) row.seeds().stream().filter(t -> !t.ok()).count();
            var input = m.network().settings().input();
            lines.add(new Line(m.name(), m.way().text(), m.phi(), m.scaling().depth(), m.scaling().width(),
                    m.scaling().resolution(), input.height() + "x" + input.width(), row.parameters(), row.flops(),
                    accuracies, failed, row.latencyMs(), row.latencyRatio()));
        }
        return lines;
    }

    /** Whether a study's stored config is a scaling run's members (not a search, nor a scaling run's grid). */
    public static boolean isScalingStudy(String storedConfig) {
        return CompoundScaling.KIND.equals(kind(storedConfig));
    }

    /** The folder a member's model of this training seed was saved in: {@code <member>-seed<k>}. */
    private static String modelName(String member, JsonNode config, long seed) {
        JsonNode seeds = config.path("seeds");
        for (int k = 0; k < seeds.size(); k++) {
            if (seeds.get(k).asLong() == seed) {
                return CompoundScaling.modelName(member, k);
            }
        }
        return member + "-seed?";
    }

    /** The {@code kind} a scaling run's stored config names; empty for a search's YAML. */
    private static String kind(String storedConfig) {
        try {
            return JSON.readTree(storedConfig).path("kind").asText();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The lines of a scaling study read back: its stored config (the members), its trials, and the folder of the
     * models the run saved, which keep the base's latency timed in turn with each (the ratio is NaN for a member
     * whose models are gone).
     */
    public static List<Line> read(String storedConfig, List<StoredTrial> trials, Path models) {
        JsonNode config;
        try {
            config = JSON.readTree(storedConfig);
        } catch (IOException e) {
            throw new ScalingException("the study's config is no scaling run's: " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        for (JsonNode member : config.path("members")) {
            String name = member.path("name").asText();
            List<StoredTrial> mineStored = trials.stream().filter(t -> finished(t.result()))
                    .filter(t -> name.equals(t.result().architecture().textValue("member"))).toList();
            List<TrialResult> mine = mineStored.stream().map(StoredTrial::result).toList();
            double[] ratios = mineStored.stream().filter(t -> t.result().isComplete())
                    .mapToDouble(t -> t.result().metrics().orElseThrow().latencyMs()
                            / CompoundScaling.baseLatencyMs(models.resolve(modelName(name, config, t.seed()))))
                    .filter(Double::isFinite).toArray();
            List<Double> accuracies = mine.stream().filter(TrialResult::isComplete)
                    .map(r -> r.metrics().orElseThrow().accuracy()).toList();
            double[] latencies = mine.stream().filter(TrialResult::isComplete)
                    .mapToDouble(r -> r.metrics().orElseThrow().latencyMs()).filter(Double::isFinite).toArray();
            int failed = (int) mine.stream().filter(r -> !r.isComplete()).count();
            lines.add(new Line(name, Way.valueOf(member.path("way").asText().toUpperCase(Locale.ROOT)).text(),
                    member.path("phi").asInt(), member.path("depth").asDouble(), member.path("width").asDouble(),
                    member.path("resolution").asDouble(), member.path("input").asText(),
                    member.path("parameters").asLong(), member.path("flops").asLong(), accuracies, failed,
                    latencies.length == 0 ? Double.NaN : Summary.of(latencies).median(),
                    ratios.length == 0 ? Double.NaN : Summary.of(ratios).median()));
        }
        return lines;
    }

    /**
     * Whether a trial ended as its training ended: completed or failed, not stopped with its run (it trained again
     * on the next run, and that trial counts).
     */
    public static boolean finished(TrialResult result) {
        return result.isComplete() || result.state() == org.nas4j.study.TrialState.FAILED
                && !result.error().map(CompoundScaling.INTERRUPTED::equals).orElse(false);
    }

    /** Whether a study's stored config is a scaling run's grid. */
    public static boolean isGridStudy(String storedConfig) {
        return (CompoundScaling.KIND + "-grid").equals(kind(storedConfig));
    }

    /** The space a scaling study's trials are read in: one decision, {@code member}, naming the members. */
    public static SearchSpace space(String storedConfig) {
        try {
            List<String> names = new ArrayList<>();
            JSON.readTree(storedConfig).path("members").forEach(m -> names.add(m.path("name").asText()));
            return CompoundScaling.memberSpace(names);
        } catch (IOException e) {
            throw new ScalingException("the study's config is no scaling run's: " + e.getMessage(), e);
        }
    }
}
