package org.nas4j.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.StateJson;
import org.nas4j.strategy.StrategyStateException;

/**
 * What the workers of a study share beside the strategy's own state, saved with it in one JSON object: how many
 * trials have been handed out against the budget, the seconds the finished ones took, the trials each worker runs
 * (with the attempt and the budget slot each holds), and the proposals of lost trials waiting to run again.
 *
 * <p>A slot is a trial's place in the budget: the k-th proposal of the strategy has slot k, and trains with the
 * seed of slot k whatever its trial number, so a proposal run again after its worker was lost trains as it would
 * have the first time.
 */
final class WorkerState {
    static final String KIND = "study-worker";

    /** A proposal on its way: its attempt (0 the first run) and its slot. */
    record Run(Architecture proposed, int attempt, int slot) {
    }

    Optional<JsonNode> strategy = Optional.empty();
    /** Slots handed out so far: the trials that count against the budget. */
    int slots;
    double seconds;
    final Map<Integer, Run> running = new LinkedHashMap<>();
    final List<Run> retries = new ArrayList<>();

    static WorkerState read(Optional<JsonNode> saved, SearchSpace space) {
        WorkerState state = new WorkerState();
        if (saved.isEmpty()) {
            return state;
        }
        JsonNode node = saved.get();
        if (!KIND.equals(node.path("kind").asText())) {
            throw new StrategyStateException("the study's saved state is a strategy's alone (kind '"
                    + node.path("kind").asText() + "'), as a study run in one process leaves it: run it on with "
                    + "the command that started it, or start a new study for workers");
        }
        StateJson.expect(node, KIND);
        state.strategy = Optional.ofNullable(node.get("strategy"));
        state.slots = node.path("slots").asInt();
        state.seconds = node.path("seconds").asDouble();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("running").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            state.running.put(Integer.parseInt(entry.getKey()), run(entry.getValue(), space));
        }
        for (JsonNode retry : node.path("retries")) {
            state.retries.add(run(retry, space));
        }
        return state;
    }

    private static Run run(JsonNode node, SearchSpace space) {
        return new Run(space.fromJson(node.get("proposed")), node.path("attempt").asInt(), node.path("slot").asInt());
    }

    ObjectNode toJson() {
        ObjectNode node = StateJson.newState(KIND);
        strategy.ifPresent(s -> node.set("strategy", s));
        node.put("slots", slots);
        node.put("seconds", seconds);
        ObjectNode runs = node.putObject("running");
        running.forEach((number, run) -> runs.set(Integer.toString(number), json(run, node)));
        ArrayNode waiting = node.putArray("retries");
        retries.forEach(run -> waiting.add(json(run, node)));
        return node;
    }

    private static ObjectNode json(Run run, ObjectNode factory) {
        ObjectNode node = factory.objectNode();
        node.set("proposed", run.proposed().toJsonNode());
        node.put("attempt", run.attempt());
        node.put("slot", run.slot());
        return node;
    }
}
