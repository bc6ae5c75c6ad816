package org.nas4j.strategy.reinforce;

import org.nas4j.space.SearchSpace;

/**
 * Builds the LSTM controller, which lives with the engine it runs on (nas4j-djl registers one through
 * {@link java.util.ServiceLoader}), so that this module stays free of native code.
 */
public interface LstmPolicyProvider {
    Policy create(SearchSpace space, PolicySpec.Lstm spec, AdamSettings adam, long initSeed);
}
