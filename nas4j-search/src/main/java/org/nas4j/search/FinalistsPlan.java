package org.nas4j.search;

import java.util.List;
import java.util.Optional;
import org.nas4j.study.TrialResult;

/**
 * The finalists a study is about to train: the best trials by reward and, when the study limits latency relative
 * to a reference that it trained and that is not among them, the reference too.
 */
public record FinalistsPlan(List<TrialResult> bestByReward, Optional<TrialResult> reference, int epochs,
                            int trainImages, int validationImages) {
    public FinalistsPlan {
        bestByReward = List.copyOf(bestByReward);
    }
}
