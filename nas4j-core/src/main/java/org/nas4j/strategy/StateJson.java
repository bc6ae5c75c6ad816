package org.nas4j.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Helpers for strategy states as JSON. Doubles are written with their shortest exact decimal form, so a state read
 * back is bit-for-bit the state written.
 *
 * <p>Every state carries the strategy's kind and the version of its layout ({@code "format"}); a state without a
 * format, as nas4j wrote them before the field existed, is format 1. A state of a newer format than {@link #FORMAT}
 * is refused rather than misread.
 */
public final class StateJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** The layout of the states this version writes, and the newest it reads. */
    public static final int FORMAT = 1;

    private StateJson() {
    }

    /** A new state object tagged with the strategy's kind and the format, both checked again on restore. */
    public static ObjectNode newState(String kind) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", kind);
        node.put("format", FORMAT);
        return node;
    }

    /** Checks the kind tag and the format, and returns the state as an object. */
    public static JsonNode expect(JsonNode state, String kind) {
        if (state == null || !state.isObject() || !kind.equals(state.path("kind").asText())) {
            String saved = state == null ? null : state.path("kind").asText();
            throw new StrategyStateException("saved state is for strategy '" + saved + "', not '" + kind
                    + "': resume with the settings the study started with");
        }
        long format = state.has("format") ? requireLong(state, "format") : 1;
        if (format > FORMAT) {
            throw new StrategyStateException("saved by a newer nas4j: the state of strategy '" + kind
                    + "' has format " + format + ", this nas4j reads formats up to " + FORMAT
                    + "; resume the study with the nas4j version that saved it, or a newer one");
        }
        if (format < 1) {
            throw new StrategyStateException("saved state of strategy '" + kind + "' has format " + format
                    + ", but formats start at 1: the state is damaged; resume from a study file nas4j wrote");
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
