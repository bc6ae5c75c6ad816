package org.nas4j.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a search space from YAML:
 * <pre>
 * decisions:
 *   - name: kernel
 *     options: [3, 5, 7]
 *   - name: block
 *     options: [conv, dwsep, mbconv]
 *   - name: expansion
 *     options: [1, 3, 6]
 *     applies_when: {block: [mbconv]}
 * </pre>
 * A decision with {@code applies_when} matters only when the named earlier decisions chose one of the listed options;
 * otherwise it is fixed at its first option, so equivalent architectures are one (see {@link Condition}).
 * Unknown keys, missing keys and values of the wrong type are errors that name the decision and the value; the
 * decisions themselves are validated by {@link Decision} and {@link SearchSpace}, as for spaces built in code.
 */
public final class SearchSpaceYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("decisions");
    private static final Set<String> DECISION_KEYS = Set.of("name", "options", "applies_when");

    private SearchSpaceYaml() {
    }

    public static SearchSpace read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SearchSpaceException("search space file " + file + " does not exist");
        } catch (IOException e) {
            throw new SearchSpaceException("cannot read search space file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (SearchSpaceException e) {
            throw new SearchSpaceException(file + ": " + e.getMessage(), e);
        }
    }

    public static SearchSpace parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new SearchSpaceException("malformed YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SearchSpaceException("the YAML is empty: it needs a 'decisions' list");
        }
        return fromNode(root);
    }

    /** The space as a node that {@link #fromNode} reads back (write it as YAML or JSON). */
    public static JsonNode toNode(SearchSpace space) {
        com.fasterxml.jackson.databind.node.ObjectNode root = YAML.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode decisions = root.putArray("decisions");
        for (Decision decision : space.decisions()) {
            com.fasterxml.jackson.databind.node.ObjectNode node = decisions.addObject();
            node.put("name", decision.name());
            com.fasterxml.jackson.databind.node.ArrayNode options = node.putArray("options");
            decision.options().forEach(option -> options.addPOJO(option.scalar()));
            decision.appliesWhen().ifPresent(condition -> {
                com.fasterxml.jackson.databind.node.ObjectNode when = node.putObject("applies_when");
                condition.requires().forEach((name, values) -> {
                    com.fasterxml.jackson.databind.node.ArrayNode list = when.putArray(name);
                    values.forEach(value -> list.addPOJO(value.scalar()));
                });
            });
        }
        return root;
    }

    /** Reads a space from an already parsed YAML or JSON node, e.g. the {@code space:} section of a study config. */
    public static SearchSpace fromNode(JsonNode root) {
        requireObject(root, "the search space");
        rejectUnknownKeys(root, TOP_KEYS, "the search space");
        JsonNode list = root.get("decisions");
        if (list == null || !list.isArray()) {
            throw new SearchSpaceException("the search space needs 'decisions:' as a list of {name, options}");
        }
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            decisions.add(decision(list.get(i), i + 1));
        }
        return new SearchSpace(decisions);
    }

    private static Decision decision(JsonNode node, int position) {
        String where = "decision " + position;
        requireObject(node, where);
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw new SearchSpaceException(where + " needs 'name:' as a text, got " + describe(nameNode));
        }
        String name = nameNode.asText();
        where = "decision '" + name + "'";
        rejectUnknownKeys(node, DECISION_KEYS, where);
        JsonNode optionsNode = node.get("options");
        if (optionsNode == null || !optionsNode.isArray()) {
            throw new SearchSpaceException(where + " needs 'options:' as a list such as [3, 5, 7], got "
                    + describe(optionsNode));
        }
        List<OptionValue> options = new ArrayList<>();
        for (JsonNode option : optionsNode) {
            options.add(option(option, where));
        }
        JsonNode condition = node.get("applies_when");
        if (condition == null) {
            return new Decision(name, options);
        }
        if (!condition.isObject() || condition.isEmpty()) {
            throw new SearchSpaceException(where + " needs 'applies_when:' as a mapping of earlier decisions to "
                    + "options, such as {stage1.block: [mbconv]}, got " + describe(condition));
        }
        Map<String, List<OptionValue>> requires = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : condition.properties()) {
            List<OptionValue> values = new ArrayList<>();
            if (entry.getValue().isArray()) {
                for (JsonNode value : entry.getValue()) {
                    values.add(option(value, where + ", applies_when '" + entry.getKey() + "'"));
                }
            } else {
                values.add(option(entry.getValue(), where + ", applies_when '" + entry.getKey() + "'"));
            }
            requires.put(entry.getKey(), values);
        }
        return new Decision(name, options).when(new Condition(requires));
    }

    private static OptionValue option(JsonNode node, String where) {
        try {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return OptionValue.of(node.longValue());
            }
            if (node.isNumber()) {
                return OptionValue.of(node.doubleValue());
            }
            if (node.isTextual()) {
                return OptionValue.of(node.asText());
            }
        } catch (IllegalArgumentException e) {
            throw new SearchSpaceException(where + ": " + e.getMessage(), e);
        }
        throw new SearchSpaceException(where + " has option " + describe(node)
                + ", but options must be numbers or texts");
    }

    private static void requireObject(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new SearchSpaceException(where + " must be a mapping of keys to values, got " + describe(node));
        }
    }

    private static void rejectUnknownKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new SearchSpaceException(where + " has unknown key '" + key + "'; the keys are "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String kind = node.isArray() ? "a list" : node.isObject() ? "a mapping" : node.isBoolean() ? "a boolean"
                : node.isNull() ? "null" : node.isNumber() ? "a number" : "a text";
        return kind + " " + node;
    }
}
