package org.nas4j.space;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a decision applies: each named (earlier) decision has chosen one of the listed options. A decision that does
 * not apply to an architecture, such as the expansion ratio of a block that has none, is fixed at its first option
 * by {@link SearchSpace#canonical}, so architectures that differ only there are one architecture.
 */
public record Condition(Map<String, List<OptionValue>> requires) {
    public Condition {
        if (requires == null || requires.isEmpty()) {
            throw new SearchSpaceException("a condition needs at least one decision and its options");
        }
        Map<String, List<OptionValue>> copy = new LinkedHashMap<>();
        requires.forEach((decision, options) -> {
            if (options == null || options.isEmpty()) {
                throw new SearchSpaceException("the condition on decision '" + decision + "' lists no options");
            }
            copy.put(decision, List.copyOf(options));
        });
        requires = java.util.Collections.unmodifiableMap(copy);
    }

    /** A condition on one decision. */
    public static Condition of(String decision, Object... options) {
        List<OptionValue> values = new java.util.ArrayList<>();
        for (Object option : options) {
            values.add(OptionValue.ofScalar(option));
        }
        return new Condition(Map.of(decision, values));
    }
}
