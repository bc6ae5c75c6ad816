package org.nas4j.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.nas4j.eval.Metrics;
import org.nas4j.pareto.ParetoFront;
import org.nas4j.pareto.ParetoPoint;
import org.nas4j.space.Architecture;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/** The dashboard's JSON: what each endpoint answers, built from a {@link StudyViews.Snapshot}. */
final class StudyJson {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The most trials one page of the table holds. */
    static final int MAX_PAGE = 500;

    /** How the trials table may be sorted: by a column, each read from a trial as a number (NaN last). */
    static final Map<String, ToDoubleFunction<StoredTrial>> SORTS = Map.of(
            "number", t -> t.result().number(),
            "reward", t -> t.result().reward(),
            "accuracy", t -> metric(t, Metrics::accuracy),
            "latency", t -> metric(t, Metrics::latencyMs),
            "params", t -> metric(t, m -> m.parameters() < 0 ? Double.NaN : m.parameters()),
            // An evaluator that measures no size (a table) gives -1 for both: sorted last, as unknown.
            "flops", t -> metric(t, m -> m.parameters() < 0 ? Double.NaN : m.flops()),
            "seconds", StoredTrial::seconds);

    private StudyJson() {
    }

    /** A study's line in the list: its counts and its best trial. */
    static ObjectNode summary(StudyViews.Snapshot study) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", study.info().name());
        node.put("kind", study.kind());
        node.put("created", study.info().created());
        node.put("trials", study.progress().trials());
        ObjectNode states = node.putObject("states");
        for (TrialState state : TrialState.values()) {
            states.put(state.name(), study.trials().stream().filter(t -> t.result().state() == state).count());
        }
        best(study.trials()).ifPresent(best -> node.set("best", trialRow(best)));
        return node;
    }

    static Optional<StoredTrial> best(List<StoredTrial> trials) {
        return trials.stream().filter(t -> t.result().isComplete() && Double.isFinite(t.result().reward()))
                .max(Comparator.comparingDouble(t -> t.result().reward()));
    }

    /**
     * One page of the trials table: those in {@code state} (all when empty), sorted by {@code sort} (a key of
     * {@link #SORTS}), from {@code offset}, at most {@code limit}; with the count that matched.
     */
    static ObjectNode page(StudyViews.Snapshot study, Optional<TrialState> state, String sort, boolean descending,
                           int offset, int limit) {
        List<StoredTrial> matched = study.memo("trials " + state.map(Enum::name).orElse("") + " " + sort + " "
                + descending, () -> ordered(study.trials(), state, sort, descending));
        ObjectNode node = JSON.createObjectNode();
        node.put("total", matched.size());
        node.put("offset", offset);
        ArrayNode rows = node.putArray("trials");
        matched.stream().skip(offset).limit(limit).forEach(t -> rows.add(trialRow(t)));
        return node;
    }

    /** The trials in {@code state} (all when empty), sorted by {@code sort}; the trials as stored are by number. */
    private static List<StoredTrial> ordered(List<StoredTrial> trials, Optional<TrialState> state, String sort,
                                             boolean descending) {
        List<StoredTrial> matched = trials.stream().filter(t -> state.map(s -> t.result().state() == s)
                .orElse(true)).toList();
        if (sort.equals("number") && !descending) {
            return matched;
        }
        ToDoubleFunction<StoredTrial> key = SORTS.get(sort);
        Comparator<StoredTrial> order = Comparator.comparingDouble(t -> {
            double value = key.applyAsDouble(t);
            return Double.isNaN(value) ? Double.POSITIVE_INFINITY : (descending ? -value : value);
        });
        return matched.stream().sorted(order).toList();
    }

    /** A trial's row: its number, state, reward, metrics, time, worker and one line of architecture. */
    static ObjectNode trialRow(StoredTrial trial) {
        TrialResult result = trial.result();
        ObjectNode node = JSON.createObjectNode();
        node.put("number", result.number());
        node.put("state", result.state().name());
        putFinite(node, "reward", result.reward());
        result.metrics().ifPresent(m -> {
            putFinite(node, "accuracy", m.accuracy());
            putFinite(node, "latency_ms", m.latencyMs());
            if (m.parameters() >= 0) {
                node.put("params", m.parameters());
                node.put("flops", m.flops());
            }
            node.put("method", m.method().text());
        });
        putFinite(node, "seconds", trial.seconds());
        trial.worker().ifPresent(w -> node.put("worker", w));
        result.error().ifPresent(e -> node.put("error", e));
        node.put("architecture", result.architecture().canonicalString());
        return node;
    }

    /**
     * A trial's page: its row, each decision apart (blank where it does not apply), seed, times, where the study
     * ran ({@code provenance}, as stored: JSON, or kept as text when it is not), and the trial's own curves among
     * the study's {@code curves}, by name: {@code {name: {step: [...], value: [...]}}}.
     */
    static ObjectNode trial(StoredTrial trial, String provenance, List<Curve> curves) {
        ObjectNode node = trialRow(trial);
        ObjectNode own = node.putObject("curves");
        for (Curve curve : curves) {
            if (curve.owner() == trial.result().number()) {
                own.set(curve.name(), columns(curve));
            }
        }
        try {
            JsonNode where = JSON.readTree(provenance);
            if (where != null && where.isObject()) {
                node.set("provenance", where);
            }
        } catch (JsonProcessingException e) {
            node.putObject("provenance").put("text", provenance);
        }
        node.put("seed", trial.seed());
        trial.started().ifPresent(t -> node.put("started", t.toString()));
        trial.finished().ifPresent(t -> node.put("finished", t.toString()));
        Architecture architecture = trial.result().architecture();
        ObjectNode decisions = node.putObject("decisions");
        for (int d = 0; d < architecture.space().size(); d++) {
            String name = architecture.space().decision(d).name();
            boolean applies = architecture.space().applies(d, architecture);
            decisions.put(name, applies ? architecture.value(name).toString() : "");
        }
        return node;
    }

    /**
     * The reward of every finished trial in order, with the best so far: arrays of equal length, as the charts
     * take them (uPlot's columns).
     */
    static ObjectNode history(StudyViews.Snapshot study) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode numbers = node.putArray("number");
        ArrayNode rewards = node.putArray("reward");
        ArrayNode best = node.putArray("best");
        double running = Double.NEGATIVE_INFINITY;
        for (StoredTrial trial : study.trials()) {
            TrialResult result = trial.result();
            if (!result.isComplete() || !Double.isFinite(result.reward())) {
                continue;
            }
            running = Math.max(running, result.reward());
            numbers.add(result.number());
            rewards.add(result.reward());
            best.add(running);
        }
        return node;
    }

    /** Accuracy against latency for every completed trial that has both, and the front of them (O(n log n)). */
    static ObjectNode pareto(StudyViews.Snapshot study) {
        List<ParetoPoint> points = new ArrayList<>();
        for (StoredTrial trial : study.trials()) {
            trial.result().metrics().filter(m -> trial.result().isComplete() && Double.isFinite(m.accuracy())
                    && Double.isFinite(m.latencyMs())).ifPresent(m -> points.add(new ParetoPoint(
                    trial.result().number(), m.accuracy(), m.latencyMs())));
        }
        ObjectNode node = JSON.createObjectNode();
        node.set("points", points(points));
        node.set("front", points(ParetoFront.of(points)));
        return node;
    }

    private static ArrayNode points(List<ParetoPoint> points) {
        ArrayNode array = JSON.createArrayNode();
        for (ParetoPoint p : points) {
            array.addObject().put("number", p.id()).put("accuracy", p.accuracy()).put("latency_ms", p.latencyMs());
        }
        return array;
    }

    /**
     * A learned strategy's probability of each option of each decision after each trial (REINFORCE's), by decision:
     * {@code {decisions: [{name, options, trials, p: [[...per option...] per trial]}]}}; empty for strategies
     * without a distribution.
     */
    static ObjectNode probabilities(StudyViews.Snapshot study) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode decisions = node.putArray("decisions");
        List<StoredTrial> with = study.trials().stream().filter(t -> t.choiceProbabilities().isPresent()).toList();
        if (with.isEmpty()) {
            return node;
        }
        Architecture any = with.get(0).result().architecture();
        for (int d = 0; d < any.space().size(); d++) {
            ObjectNode decision = decisions.addObject();
            decision.put("name", any.space().decision(d).name());
            ArrayNode options = decision.putArray("options");
            any.space().decision(d).options().forEach(o -> options.add(o.toString()));
            ArrayNode trials = decision.putArray("trials");
            ArrayNode p = decision.putArray("p");
            for (StoredTrial trial : with) {
                List<double[]> all = trial.choiceProbabilities().get();
                if (d < all.size()) {
                    trials.add(trial.result().number());
                    ArrayNode row = p.addArray();
                    for (double value : all.get(d)) {
                        row.add(value);
                    }
                }
            }
        }
        return node;
    }

    /**
     * The workers of a shared study: trials each finished, the trials each runs now, and each running trial's
     * heartbeat age (by the storage's clock), oldest first in what a lost worker would show.
     */
    static ObjectNode workers(StudyViews.Snapshot study, List<StudyStorage.Heartbeat> heartbeats) {
        Map<String, ObjectNode> byName = new TreeMap<>();
        for (StoredTrial trial : study.trials()) {
            Optional<String> worker = trial.worker();
            if (worker.isEmpty()) {
                continue;
            }
            ObjectNode node = byName.computeIfAbsent(worker.get(), name -> {
                ObjectNode created = JSON.createObjectNode();
                created.put("name", name);
                created.put("finished", 0);
                created.putArray("running");
                return created;
            });
            if (trial.result().state() == TrialState.RUNNING) {
                ((ArrayNode) node.get("running")).add(trial.result().number());
            } else {
                node.put("finished", node.get("finished").asInt() + 1);
            }
            trial.finished().or(trial::started).ifPresent(t -> {
                if (!node.has("last_seen") || java.time.Instant.parse(node.get("last_seen").asText()).isBefore(t)) {
                    node.put("last_seen", t.toString());
                }
            });
        }
        for (StudyStorage.Heartbeat beat : heartbeats) {
            ObjectNode worker = byName.get(beat.worker());
            if (worker != null) {
                ObjectNode age = worker.has("heartbeats") ? (ObjectNode) worker.get("heartbeats")
                        : worker.putObject("heartbeats");
                age.put(Integer.toString(beat.number()), beat.age().toMillis() / 1000.0);
            }
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("last_heartbeat_ms", study.progress().lastHeartbeat());
        ArrayNode workers = node.putArray("workers");
        byName.values().forEach(workers::add);
        return node;
    }

    /**
     * What the supernet view draws: the supernet's training loss ({@code loss}, steps and values; empty before the
     * first point), and the ranking of the candidates its shared weights scored, best first ({@code ranking}: rank,
     * trial number and one-shot accuracy), which shows how far apart the shared weights tell them.
     */
    static ObjectNode supernet(StudyViews.Snapshot study, List<Curve> curves) {
        ObjectNode node = JSON.createObjectNode();
        node.set("loss", curves.stream().filter(c -> c.ofStudy() && c.name().equals(Curve.SUPERNET_LOSS))
                .findFirst().map(StudyJson::columns).orElseGet(() -> columns(new Curve(Curve.STUDY,
                        Curve.SUPERNET_LOSS, List.of()))));
        List<StoredTrial> scored = study.trials().stream().filter(t -> t.result().isComplete()
                && t.result().metrics().map(Metrics::isOneShot).orElse(false))
                .sorted(Comparator.comparingDouble((StoredTrial t) -> -t.result().metrics().get().accuracy())
                        .thenComparingInt(t -> t.result().number()))
                .toList();
        ObjectNode ranking = node.putObject("ranking");
        ArrayNode rank = ranking.putArray("rank");
        ArrayNode number = ranking.putArray("number");
        ArrayNode accuracy = ranking.putArray("accuracy");
        for (int i = 0; i < scored.size(); i++) {
            rank.add(i + 1);
            number.add(scored.get(i).result().number());
            accuracy.add(scored.get(i).result().metrics().get().accuracy());
        }
        return node;
    }

    /** A curve as the charts take it: {@code {step: [...], value: [...]}}. */
    private static ObjectNode columns(Curve curve) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode steps = node.putArray("step");
        ArrayNode values = node.putArray("value");
        for (Curve.Point point : curve.points()) {
            steps.add(point.step());
            values.add(point.value());
        }
        return node;
    }

    private static double metric(StoredTrial trial, ToDoubleFunction<Metrics> read) {
        return trial.result().metrics().map(read::applyAsDouble).orElse(Double.NaN);
    }

    private static void putFinite(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        }
    }

    /** A message as JSON, for errors. */
    static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }
}
