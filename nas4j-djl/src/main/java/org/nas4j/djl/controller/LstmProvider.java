package org.nas4j.djl.controller;

import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.reinforce.AdamSettings;
import org.nas4j.strategy.reinforce.LstmPolicyProvider;
import org.nas4j.strategy.reinforce.Policy;
import org.nas4j.strategy.reinforce.PolicySpec;

/** Lets core's strategy factory build the LSTM controller, found through {@link java.util.ServiceLoader}. */
public final class LstmProvider implements LstmPolicyProvider {
    @Override
    public Policy create(SearchSpace space, PolicySpec.Lstm spec, AdamSettings adam, long initSeed) {
        return new LstmPolicy(space, new LstmPolicySettings(spec, adam), initSeed);
    }
}
