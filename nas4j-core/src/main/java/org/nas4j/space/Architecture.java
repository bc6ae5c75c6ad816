package org.nas4j.space;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.StringJoiner;

/**
 * One point of a search space: the index of the chosen option for every decision, in decision order. Immutable;
 * two architectures are equal when they choose the same options in equal spaces.
 */
public record Architecture(SearchSpace space, List<Integer> choices) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Architecture {
        if (space == null) {
            throw new SearchSpaceException("an architecture needs its search space");
        }
        choices = List.copyOf(choices);
        if (choices.size() != space.size()) {
            throw new SearchSpaceException("an architecture needs " + space.size() + " choices, one per decision "
                    + space.names() + ", got " + choices.size());
        }
        for (int i = 0; i < choices.size(); i++) {
            int choice = choices.get(i);
            Decision decision = space.decision(i);
            if (choice < 0 || choice >= decision.size()) {
                throw new SearchSpaceException("decision '" + decision.name() + "' has options 0.."
                        + (decision.size() - 1) + " " + decision.options() + ", got index " + choice);
            }
        }
    }

    /** The option index chosen for the decision at this position. */
    public int choice(int decisionIndex) {
        return choices.get(decisionIndex);
    }

    public int choice(String decisionName) {
        return choices.get(space.indexOf(decisionName));
    }

    public OptionValue value(String decisionName) {
        int index = space.indexOf(decisionName);
        return space.decision(index).option(choices.get(index));
    }

    /** The chosen option as an integer; an error if the decision's options are not integers. */
    public long intValue(String decisionName) {
        if (value(decisionName) instanceof OptionValue.Int number) {
            return number.value();
        }
        throw new SearchSpaceException("decision '" + decisionName + "' chose '" + value(decisionName)
                + "', which is not an integer");
    }

    public double doubleValue(String decisionName) {
        OptionValue value = value(decisionName);
        if (value instanceof OptionValue.Int number) {
            return number.value();
        }
        if (value instanceof OptionValue.Real number) {
            return number.value();
        }
        throw new SearchSpaceException("decision '" + decisionName + "' chose '" + value + "', which is not a number");
    }

    public String textValue(String decisionName) {
        return value(decisionName).toString();
    }

    /**
     * The architecture's position when the space is enumerated with the first decision most significant (its
     * choices as a mixed-radix number); {@link SearchSpace#architectureAt} is the inverse.
     */
    public long ordinal() {
        long ordinal = 0;
        for (int i = 0; i < choices.size(); i++) {
            ordinal = Math.multiplyExact(ordinal, space.decision(i).size()) + choices.get(i);
        }
        return ordinal;
    }

    /** The canonical form of this architecture (see {@link SearchSpace#canonical}). */
    public Architecture canonical() {
        return space.canonical(this);
    }

    /** This architecture with one decision changed. */
    public Architecture with(int decisionIndex, int option) {
        Integer[] next = choices.toArray(new Integer[0]);
        next[decisionIndex] = option;
        return new Architecture(space, List.of(next));
    }

    /** {@code name=option,name=option,...} in decision order; {@link SearchSpace#parse} reads it back. */
    public String canonicalString() {
        StringJoiner joiner = new StringJoiner(",");
        for (int i = 0; i < choices.size(); i++) {
            Decision decision = space.decision(i);
            joiner.add(decision.name() + "=" + decision.option(choices.get(i)));
        }
        return joiner.toString();
    }

    /** A JSON object with one member per decision, valued by the chosen option. */
    public ObjectNode toJsonNode() {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < choices.size(); i++) {
            Decision decision = space.decision(i);
            OptionValue option = decision.option(choices.get(i));
            if (option instanceof OptionValue.Int number) {
                node.put(decision.name(), number.value());
            } else if (option instanceof OptionValue.Real number) {
                node.put(decision.name(), number.value());
            } else {
                node.put(decision.name(), option.toString());
            }
        }
        return node;
    }

    public String toJson() {
        return toJsonNode().toString();
    }

    @Override
    public String toString() {
        return canonicalString();
    }
}
