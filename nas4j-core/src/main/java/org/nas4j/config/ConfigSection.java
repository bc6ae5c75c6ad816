package org.nas4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of a YAML config, read key by key into typed values. Every error names the full key
 * ({@code training.epochs}) and the value found, and unknown keys are errors rather than silently ignored.
 */
public final class ConfigSection {
    private final String path;
    private final JsonNode node;

    private ConfigSection(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    /** The top of a config; a missing or empty document is an empty section. */
    public static ConfigSection root(JsonNode node) {
        if (node != null && !node.isMissingNode() && !node.isNull() && !node.isObject()) {
            throw new ConfigException("the config must be a mapping of sections, got " + node.getNodeType());
        }
        return new ConfigSection("", node == null || node.isNull() ? null : node);
    }

    /** Rejects keys other than these. */
    public ConfigSection allow(Set<String> keys) {
        if (node != null) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!keys.contains(key)) {
                    throw new ConfigException("unknown key '" + full(key) + "'; the keys " + (path.isEmpty() ? "of the "
                            + "config" : "of '" + path + "'") + " are " + keys.stream().sorted().toList());
                }
            }
        }
        return this;
    }

    public boolean has(String key) {
        return node != null && node.has(key) && !node.get(key).isNull();
    }

    /** A nested section; absent means empty. */
    public ConfigSection section(String key) {
        if (!has(key)) {
            return new ConfigSection(full(key), null);
        }
        JsonNode child = node.get(key);
        if (!child.isObject()) {
            throw new ConfigException("'" + full(key) + "' must be a mapping of keys to values, got " + child);
        }
        return new ConfigSection(full(key), child);
    }

    /** The raw node of a key (for parts read elsewhere, such as the search space). */
    public Optional<JsonNode> raw(String key) {
        return has(key) ? Optional.of(node.get(key)) : Optional.empty();
    }

    public String text(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isValueNode()) {
            throw new ConfigException("'" + full(key) + "' must be a text, got " + value);
        }
        return value.asText();
    }

    /** A text that must be one of {@code choices}. */
    public String choice(String key, String fallback, List<String> choices) {
        String value = text(key, fallback);
        if (!choices.contains(value)) {
            throw new ConfigException("'" + full(key) + "' must be one of " + choices + ", got '" + value + "'");
        }
        return value;
    }

    public long integer(String key, long fallback, long min, long max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber()) {
            throw new ConfigException("'" + full(key) + "' must be an integer, got " + value);
        }
        return inRange(key, value.longValue(), min, max);
    }

    public Optional<Long> optionalInteger(String key, long min, long max) {
        return has(key) ? Optional.of(integer(key, 0, min, max)) : Optional.empty();
    }

    public double number(String key, double fallback, double min, double max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isNumber()) {
            throw new ConfigException("'" + full(key) + "' must be a number, got " + value);
        }
        double v = value.doubleValue();
        if (!(v >= min && v <= max)) {
            throw new ConfigException("'" + full(key) + "' must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    public Optional<Double> optionalNumber(String key, double min, double max) {
        return has(key) ? Optional.of(number(key, 0, min, max)) : Optional.empty();
    }

    public boolean flag(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw new ConfigException("'" + full(key) + "' must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    /** A list of integers, such as latency batch sizes. */
    public List<Integer> integers(String key, List<Integer> fallback, int min) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isArray() || value.isEmpty()) {
            throw new ConfigException("'" + full(key) + "' must be a non-empty list of integers, got " + value);
        }
        List<Integer> result = new java.util.ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isIntegralNumber() || item.intValue() < min) {
                throw new ConfigException("'" + full(key) + "' must hold integers of at least " + min + ", got "
                        + item);
            }
            result.add(item.intValue());
        }
        return List.copyOf(result);
    }

    private long inRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException("'" + full(key) + "' must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    private String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
