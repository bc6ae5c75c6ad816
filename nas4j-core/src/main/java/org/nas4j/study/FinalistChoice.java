package org.nas4j.study;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.nas4j.space.Architecture;

/** Which completed trials train again as finalists before one is retrained. */
public final class FinalistChoice {

    private FinalistChoice() {
    }

    /** The {@code count} best completed trials by reward, one per architecture. */
    public static List<TrialResult> bestByReward(List<TrialResult> completed, int count) {
        Map<Architecture, TrialResult> best = new LinkedHashMap<>();
        completed.stream().sorted(Comparator.comparingDouble(TrialResult::reward).reversed())
                .forEach(t -> best.putIfAbsent(t.architecture().canonical(), t));
        return best.values().stream().limit(count).toList();
    }

    /**
     * The finalists with the study's latency reference after them, when it was trained in the study and is not one
     * of them: trained with the same seed, it shows whether any finalist is more accurate than the network it was
     * meant to beat, and it competes (it is within every relative limit by definition).
     */
    public static List<TrialResult> withReference(List<TrialResult> finalists, List<TrialResult> completed,
                                                  Optional<Architecture> reference) {
        if (reference.isEmpty() || finalists.stream().anyMatch(t -> isReference(t, reference))) {
            return finalists;
        }
        return completed.stream().filter(t -> isReference(t, reference))
                .max(Comparator.comparingDouble(TrialResult::reward))
                .map(t -> Stream.concat(finalists.stream(), Stream.of(t)).toList())
                .orElse(finalists);
    }

    /** Whether the trial trained the reference architecture (equivalent spellings included). */
    public static boolean isReference(TrialResult trial, Optional<Architecture> reference) {
        return reference.map(r -> r.canonical().equals(trial.architecture().canonical())).orElse(false);
    }
}
