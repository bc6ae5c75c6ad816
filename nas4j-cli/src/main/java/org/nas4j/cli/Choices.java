package org.nas4j.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.TypeConversionException;

/** Flag values written in kebab case ({@code reinforce-lstm}) for enum constants in snake case. */
public final class Choices {

    private Choices() {
    }

    public static String name(Enum<?> constant) {
        return constant.name().replace('_', '-');
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        for (E constant : type.getEnumConstants()) {
            if (name(constant).equals(value)) {
                return constant;
            }
        }
        throw new TypeConversionException("'" + value + "' is not a " + what + "; use " + list(type));
    }

    public static <E extends Enum<E>> String list(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choices::name).collect(Collectors.joining(", "));
    }
}
