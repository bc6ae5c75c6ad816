package org.nas4j.space;

import java.math.BigDecimal;

/**
 * One option of a decision: an integer, a real number or a text. Its {@link #toString()} is the canonical text used
 * in architecture strings and file formats.
 */
public sealed interface OptionValue permits OptionValue.Int, OptionValue.Real, OptionValue.Text {

    /** The value as a JSON/YAML scalar: {@code Long}, {@code Double} or {@code String}. */
    Object scalar();

    record Int(long value) implements OptionValue {
        @Override
        public Object scalar() {
            return value;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Real(double value) implements OptionValue {
        public Real {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("an option must be a finite number, got " + value);
            }
        }

        @Override
        public Object scalar() {
            return value;
        }

        @Override
        public String toString() {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }

    record Text(String value) implements OptionValue {
        public Text {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a text option must not be blank");
            }
            if (!value.equals(value.strip()) || value.contains(",") || value.contains("=")) {
                throw new IllegalArgumentException(
                        "a text option must not contain ',' or '=' or surrounding spaces, got '" + value + "'");
            }
        }

        @Override
        public Object scalar() {
            return value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    static OptionValue of(long value) {
        return new Int(value);
    }

    static OptionValue of(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? new Int((long) value) : new Real(value);
    }

    static OptionValue of(String value) {
        return new Text(value);
    }

    /** Converts a scalar read from JSON or YAML, or given in code; anything else is rejected. */
    static OptionValue ofScalar(Object scalar) {
        if (scalar instanceof Integer || scalar instanceof Long || scalar instanceof Short || scalar instanceof Byte) {
            return new Int(((Number) scalar).longValue());
        }
        if (scalar instanceof Number number) {
            return of(number.doubleValue());
        }
        if (scalar instanceof String text) {
            return new Text(text);
        }
        if (scalar instanceof OptionValue value) {
            return value;
        }
        throw new IllegalArgumentException("an option must be a number or a text, got "
                + (scalar == null ? "null" : scalar.getClass().getSimpleName() + " " + scalar));
    }

    /** True when this option equals a scalar read from a file (so 5, 5L and 5.0 all match option 5). */
    default boolean matches(Object scalar) {
        try {
            return equals(ofScalar(scalar));
        } catch (IllegalArgumentException notAnOption) {
            return false;
        }
    }
}
