package org.nas4j.strategy;

/** A saved strategy state that does not fit the strategy asked to restore it. */
public class StrategyStateException extends IllegalStateException {
    public StrategyStateException(String message) {
        super(message);
    }
}
