package org.nas4j.djl.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nas4j.djl.TestNetworks;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.profile.LatencySettings;
import org.nas4j.eval.ConstraintViolation;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.RandomSearch;

class CandidateLimitsTest {
    @Test
    void aPredictingSearchMeasuresItsFirstCandidatesThenPredicts() throws Exception {
        // A limit no network meets: every candidate is rejected, measured ones and then predicted ones.
        Constraints impossible = new Constraints(Optional.of(1e-6), Optional.empty(), Optional.empty());
        CandidateLimits limits = new CandidateLimits(TestNetworks.GRAY_28, new LatencySettings(1, 2, 30, true),
                impossible);
        Rng rng = new Rng(4);
        try (Model model = Model.newInstance("limits", Device.cpu())) {
            for (int i = 0; i < LatencySettings.MEASURED_BEFORE_PREDICTING + 2; i++) {
                Architecture architecture = RandomSearch.sample(TestNetworks.exampleSpace(), rng).canonical();
                NetworkSpec spec = NetworkSpec.of(architecture, TestNetworks.GRAY_28);
                ConstraintViolation rejected = assertThrows(ConstraintViolation.class,
                        () -> limits.measureLatency(architecture, spec, model, 1));
                boolean predicted = rejected.getMessage().startsWith("predicted latency");
                assertTrue(predicted == (i >= LatencySettings.MEASURED_BEFORE_PREDICTING),
                        "candidate " + i + ": " + rejected.getMessage());
            }
        }
    }
}
