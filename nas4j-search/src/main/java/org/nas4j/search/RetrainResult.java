package org.nas4j.search;

import java.util.List;
import java.util.Optional;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.space.Architecture;

/**
 * A retrained network: which trial it was (empty for a given architecture), the finalists it was chosen from
 * (empty without a finalists stage), what retraining measured and where the model was saved.
 */
public record RetrainResult(Optional<Integer> trial, Architecture architecture, List<FinalistResult> finalists,
                            Retrainer.Result result, int epochs, int trainImages, int testImages) {
    public RetrainResult {
        finalists = List.copyOf(finalists);
    }
}
