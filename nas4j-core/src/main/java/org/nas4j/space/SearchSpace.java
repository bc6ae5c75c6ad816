package org.nas4j.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of named decisions; an {@link Architecture} picks one option of each. Built in code with
 * {@link #builder()} or from YAML with {@link SearchSpaceYaml}; both end in this constructor, the one place where a
 * space is validated.
 */
public record SearchSpace(List<Decision> decisions) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public SearchSpace {
        if (decisions == null || decisions.isEmpty()) {
            throw new SearchSpaceException("a search space needs at least one decision");
        }
        decisions = List.copyOf(decisions);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decision decision = decisions.get(i);
            if (decision.appliesWhen().isPresent()) {
                checkCondition(decision, decision.appliesWhen().get(), seen, decisions);
            }
            Integer earlier = seen.putIfAbsent(decision.name(), i);
            if (earlier != null) {
                throw new SearchSpaceException("decision '" + decision.name() + "' is defined twice (positions "
                        + (earlier + 1) + " and " + (i + 1) + "): decision names must be unique");
            }
        }
    }

    /** A condition may only look back: at decisions defined before, and at options they have. */
    private static void checkCondition(Decision decision, Condition condition, Map<String, Integer> earlier,
                                       List<Decision> decisions) {
        condition.requires().forEach((name, options) -> {
            Integer position = earlier.get(name);
            if (position == null) {
                throw new SearchSpaceException("decision '" + decision.name() + "' applies when '" + name
                        + "' has certain options, but no decision '" + name + "' comes before it");
            }
            for (OptionValue option : options) {
                if (!decisions.get(position).options().contains(option)) {
                    throw new SearchSpaceException("decision '" + decision.name() + "' applies when '" + name + "' is '"
                            + option + "', which is not one of its options " + decisions.get(position).options());
                }
            }
        });
    }

    /** Whether the decision at this position applies to the architecture (given its earlier choices). */
    public boolean applies(int decisionIndex, Architecture architecture) {
        return decisions.get(decisionIndex).appliesWhen().map(condition -> condition.requires().entrySet().stream()
                .allMatch(entry -> entry.getValue().contains(architecture.value(entry.getKey())))).orElse(true);
    }

    /**
     * The canonical form: each decision that does not apply is set to its first option, deciding in order so that a
     * condition sees canonical earlier choices. Equivalent architectures have the same canonical form.
     */
    public Architecture canonical(Architecture architecture) {
        Architecture result = architecture;
        for (int d = 0; d < decisions.size(); d++) {
            if (result.choice(d) != 0 && !applies(d, result)) {
                result = result.with(d, 0);
            }
        }
        return result;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return decisions.size();
    }

    public Decision decision(int index) {
        return decisions.get(index);
    }

    /** The position of a decision, or an error that lists the decisions there are. */
    public int indexOf(String decisionName) {
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).name().equals(decisionName)) {
                return i;
            }
        }
        throw new SearchSpaceException("no decision named '" + decisionName + "'; the decisions are " + names());
    }

    public List<String> names() {
        return decisions.stream().map(Decision::name).toList();
    }

    /** How many distinct architectures the space holds (the product of the option counts). */
    public BigInteger cardinality() {
        BigInteger total = BigInteger.ONE;
        for (Decision decision : decisions) {
            total = total.multiply(BigInteger.valueOf(decision.size()));
        }
        return total;
    }

    /** The architecture with these option indices, one per decision in order. */
    public Architecture architecture(int... choices) {
        List<Integer> list = new ArrayList<>(choices.length);
        for (int choice : choices) {
            list.add(choice);
        }
        return new Architecture(this, list);
    }

    /** The architecture at this position of the enumeration that {@link Architecture#ordinal()} numbers. */
    public Architecture architectureAt(long ordinal) {
        if (ordinal < 0 || BigInteger.valueOf(ordinal).compareTo(cardinality()) >= 0) {
            throw new SearchSpaceException("the space has " + cardinality() + " architectures, so there is none at "
                    + ordinal);
        }
        int[] choices = new int[decisions.size()];
        long rest = ordinal;
        for (int i = decisions.size() - 1; i >= 0; i--) {
            int size = decisions.get(i).size();
            choices[i] = (int) (rest % size);
            rest /= size;
        }
        return architecture(choices);
    }

    /** Parses {@link Architecture#canonicalString()}: {@code name=option,name=option,...} in decision order. */
    public Architecture parse(String canonical) {
        String[] parts = canonical.strip().split(",", -1);
        if (parts.length != decisions.size()) {
            throw new SearchSpaceException("architecture '" + canonical + "' has " + parts.length
                    + " choices but the space has " + decisions.size() + " decisions " + names());
        }
        int[] choices = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String name = eq < 0 ? "" : parts[i].substring(0, eq).strip();
            if (!name.equals(decisions.get(i).name())) {
                throw new SearchSpaceException("architecture '" + canonical + "': choice " + (i + 1) + " should be '"
                        + decisions.get(i).name() + "=<option>', got '" + parts[i] + "'");
            }
            choices[i] = decisions.get(i).indexOf(parts[i].substring(eq + 1).strip());
        }
        return architecture(choices);
    }

    /** Reads {@link Architecture#toJson()}: an object with one member per decision. */
    public Architecture fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SearchSpaceException("architecture JSON is malformed: " + e.getOriginalMessage(), e);
        }
        return fromJson(node);
    }

    public Architecture fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new SearchSpaceException("architecture JSON must be an object of decision: option, got " + node);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            indexOf(it.next()); // rejects unknown decisions by name
        }
        int[] choices = new int[decisions.size()];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decision decision = decisions.get(i);
            JsonNode value = node.get(decision.name());
            if (value == null) {
                missing.add(i); // allowed where the decision does not apply: checked below
                continue;
            }
            if (!value.isValueNode() || value.isNull()) {
                throw new SearchSpaceException("architecture JSON gives decision '" + decision.name() + "' the value "
                        + value + "; give one of its options " + decision.options());
            }
            Object scalar = value.isIntegralNumber() ? (Object) value.longValue()
                    : value.isNumber() ? (Object) value.doubleValue() : value.asText();
            choices[i] = decision.indexOfScalar(scalar);
        }
        Architecture architecture = architecture(choices);
        for (int i : missing) {
            if (applies(i, architecture)) {
                throw new SearchSpaceException("architecture JSON has no option for decision '"
                        + decisions.get(i).name() + "'; its options are " + decisions.get(i).options());
            }
        }
        return architecture;
    }

    /** Builds a space in code; {@link #build()} validates exactly as YAML loading does. */
    public static final class Builder {
        private final List<Decision> decisions = new ArrayList<>();

        private Builder() {
        }

        /** Adds a decision whose options are numbers or texts, e.g. {@code decision("kernel", 3, 5, 7)}. */
        public Builder decision(String name, Object... options) {
            List<OptionValue> values = new ArrayList<>(options.length);
            for (Object option : options) {
                try {
                    values.add(OptionValue.ofScalar(option));
                } catch (IllegalArgumentException e) {
                    throw new SearchSpaceException("decision '" + name + "': " + e.getMessage(), e);
                }
            }
            decisions.add(new Decision(name, values));
            return this;
        }

        public Builder decision(Decision decision) {
            decisions.add(decision);
            return this;
        }

        /** Makes the decision added last apply only when {@code decision} chose one of {@code options}. */
        public Builder when(String decision, Object... options) {
            if (decisions.isEmpty()) {
                throw new SearchSpaceException("when(...) qualifies the decision added last; add a decision first");
            }
            Decision last = decisions.remove(decisions.size() - 1);
            decisions.add(last.when(Condition.of(decision, options)));
            return this;
        }

        public SearchSpace build() {
            return new SearchSpace(decisions);
        }
    }
}
