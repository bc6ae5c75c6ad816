package org.nas4j.space;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One named architectural choice, such as {@code stage2.kernel}, and the finite list of its options; it may apply
 * only when earlier decisions chose certain options (see {@link Condition}). Every decision is validated here,
 * whether it comes from YAML or from code.
 */
public record Decision(String name, List<OptionValue> options, Optional<Condition> appliesWhen) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    public Decision {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SearchSpaceException("decision name '" + name
                    + "' is not valid: use letters, digits, '_', '.' or '-', starting with a letter or '_'");
        }
        if (options == null || options.isEmpty()) {
            throw new SearchSpaceException("decision '" + name + "' has no options: give it at least one");
        }
        options = List.copyOf(options);
        appliesWhen = appliesWhen == null ? Optional.empty() : appliesWhen;
        Set<OptionValue> seen = new HashSet<>();
        for (OptionValue option : options) {
            if (!seen.add(option)) {
                throw new SearchSpaceException("decision '" + name + "' lists option '" + option + "' twice");
            }
        }
    }

    /** A decision that always applies. */
    public Decision(String name, List<OptionValue> options) {
        this(name, options, Optional.empty());
    }

    /** This decision, applying only under the condition. */
    public Decision when(Condition condition) {
        return new Decision(name, options, Optional.of(condition));
    }

    public int size() {
        return options.size();
    }

    public OptionValue option(int index) {
        return options.get(index);
    }

    /** The index of the option with this canonical text, or an error naming the decision and its options. */
    public int indexOf(String canonicalText) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).toString().equals(canonicalText)) {
                return i;
            }
        }
        throw new SearchSpaceException("decision '" + name + "' has no option '" + canonicalText
                + "'; its options are " + options);
    }

    /** The index of the option equal to a scalar read from JSON or YAML. */
    public int indexOfScalar(Object scalar) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).matches(scalar)) {
                return i;
            }
        }
        throw new SearchSpaceException("decision '" + name + "' has no option '" + scalar
                + "'; its options are " + options);
    }
}
