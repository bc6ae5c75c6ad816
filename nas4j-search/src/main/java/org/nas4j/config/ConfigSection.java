package org.nas4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One mapping of a YAML config, read key by key into typed values. It checks types only: the ranges are the
 * settings records' own, and {@link #build} puts this section's path in front of a record's message. Every error
 * names the full key ({@code training.epochs}) and the value found, and unknown keys are errors rather than silently
 * ignored.
 */
public final class ConfigSection {
    private final String path;
    private final JsonNode node;
    private final boolean lenient;
    private Set<String> keys = Set.of();

    private ConfigSection(String path, JsonNode node, boolean lenient) {
        this.path = path;
        this.node = node;
        this.lenient = lenient;
    }

    /** The top of a config; a missing or empty document is an empty section. */
    public static ConfigSection root(JsonNode node) {
        return root(node, false);
    }

    /**
     * The top of a config; a lenient one ignores unknown keys instead of refusing them: for a config stored with a
     * study, checked when the study started, which may hold keys that a later version no longer reads.
     */
    public static ConfigSection root(JsonNode node, boolean lenient) {
        if (node != null && !node.isMissingNode() && !node.isNull() && !node.isObject()) {
            throw new ConfigException("the config must be a mapping of sections, got " + node.getNodeType());
        }
        return new ConfigSection("", node == null || node.isNull() ? null : node, lenient);
    }

    /** Rejects keys other than these; {@code owner} says whose keys they are, for the message. */
    public ConfigSection allow(Set<String> keys, String owner) {
        this.keys = Set.copyOf(keys);
        if (node != null && !lenient) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!keys.contains(key)) {
                    throw new ConfigException("unknown key '" + full(key) + "'; the keys of " + owner + " are "
                            + keys.stream().sorted().toList());
                }
            }
        }
        return this;
    }

    /** Rejects keys other than these. */
    public ConfigSection allow(Set<String> keys) {
        return allow(keys, path.isEmpty() ? "the config" : "'" + path + "'");
    }

    public boolean has(String key) {
        return node != null && node.has(key) && !node.get(key).isNull();
    }

    public String path() {
        return path;
    }

    /** A nested section; absent means empty. */
    public ConfigSection section(String key) {
        if (!has(key)) {
            return new ConfigSection(full(key), null, lenient);
        }
        JsonNode child = node.get(key);
        if (!child.isObject()) {
            throw new ConfigException("'" + full(key) + "' must be a mapping of keys to values, got " + child);
        }
        return new ConfigSection(full(key), child, lenient);
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
            throw new ConfigException("'" + full(key) + "' must be one of " + String.join(", ", choices) + ", got '"
                    + value + "'");
        }
        return value;
    }

    /**
     * One constant of an enum, written in lower case with '-' for '_' ({@code one-cycle} for {@code ONE_CYCLE}).
     */
    public <E extends Enum<E>> E choice(String key, E fallback, Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(ConfigSection::configName).toList();
        String value = choice(key, configName(fallback), names);
        return type.getEnumConstants()[names.indexOf(value)];
    }

    /** How configs write an enum constant. */
    public static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public long integer(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ConfigException("'" + full(key) + "' must be an integer, got " + value);
        }
        return value.longValue();
    }

    /** An integer that fits an int. */
    public int smallInteger(String key, int fallback) {
        long value = integer(key, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ConfigException("'" + full(key) + "' is too large, got " + value);
        }
        return (int) value;
    }

    public Optional<Long> optionalInteger(String key) {
        return has(key) ? Optional.of(integer(key, 0)) : Optional.empty();
    }

    public double number(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isNumber()) {
            throw new ConfigException("'" + full(key) + "' must be a number, got " + value);
        }
        return value.doubleValue();
    }

    public Optional<Double> optionalNumber(String key) {
        return has(key) ? Optional.of(number(key, 0)) : Optional.empty();
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

    /** A non-empty list of integers. */
    public Optional<List<Integer>> integers(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode value = node.get(key);
        if (!value.isArray() || value.isEmpty()) {
            throw new ConfigException("'" + full(key) + "' must be a non-empty list of integers, got " + value);
        }
        List<Integer> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw new ConfigException("'" + full(key) + "' must hold integers, got " + item);
            }
            result.add(item.intValue());
        }
        return Optional.of(List.copyOf(result));
    }

    /**
     * Builds this section's settings record, whose constructor checks the values. A message that starts with one of
     * the section's keys, as the records' messages do, gets the key's full path ({@code 'training.epochs' must be in
     * [1, 10000], got 0}); any other message gets the section's path in front.
     */
    public <T> T build(Supplier<T> record) {
        try {
            return record.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int space = message.indexOf(' ');
            String first = space < 0 ? message : message.substring(0, space);
            String key = first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
            if (keys.contains(key)) {
                throw new ConfigException("'" + full(key) + "'" + message.substring(key.length()), e);
            }
            throw new ConfigException((path.isEmpty() ? "" : path + ": ") + message, e);
        }
    }

    /** The full key path of a key of this section. */
    public String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
