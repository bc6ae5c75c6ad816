package org.nas4j.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Helpers for strategy states as JSON. Doubles are written with their shortest exact decimal form, so a state read
 * back is bit-for-bit the state written.
 */
public final class StateJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private StateJson() {
    }

    /** A new state object tagged with the strategy's kind, checked again on restore. */
    public static ObjectNode newState(String kind) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", kind);
        return node;
    }

    /** Checks the kind tag and returns the state as an object. */
    public static JsonNode expect(JsonNode state, String kind) {
        if (state == null || !state.isObject() || !kind.equals(state.path("kind").asText())) {
            String saved = state == null ? null : state.path("kind").asText();
            throw new StrategyStateException("saved state is for strategy '" + saved + "', not '" + kind
                    + "': resume with the settings the study started with");
        }
        return state;
    }

    public static ArrayNode toArray(double[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double value : values) {
            array.add(value);
        }
        return array;
    }

    public static double[] toDoubles(JsonNode array, int expectedLength, String what) {
        if (array == null || !array.isArray() || array.size() != expectedLength) {
            throw new StrategyStateException("saved " + what + " should hold " + expectedLength + " numbers, got "
                    + (array == null ? "nothing" : array.size() + ""));
        }
        double[] values = new double[expectedLength];
        for (int i = 0; i < expectedLength; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }

    public static long requireLong(JsonNode state, String field) {
        JsonNode node = state.get(field);
        if (node == null || !node.canConvertToLong()) {
            throw new StrategyStateException("saved state has no integer '" + field + "'");
        }
        return node.longValue();
    }
}
