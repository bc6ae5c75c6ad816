package org.nas4j.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Where a study keeps its trials and its strategy's state, so that it survives a crash and several workers can share
 * it.
 *
 * <p>The contract every implementation keeps (and {@code StudyStorageContract} in nas4j-store's tests checks):
 * <ul>
 *   <li>trial numbers are handed out once, in order from 0 in each study, even to workers in other processes;</li>
 *   <li>a finished trial never changes again: finishing it again fails, and changes nothing;</li>
 *   <li>a trial's result and the strategy state after hearing of it are written in one transaction, so after a crash
 *       the saved state matches the finished trials exactly;</li>
 *   <li>the studies of one storage are kept apart: trials, states and {@link #failRunning} are per study;</li>
 *   <li>methods are safe to call from several threads.</li>
 * </ul>
 * A storage opened only to read (for a report, say) refuses every write with an error that says so.
 */
public interface StudyStorage extends AutoCloseable {

    /**
     * Creates the study, or opens it when it exists with the same config hash. A study that exists with another
     * config is an error: resuming it with different settings would mix two experiments.
     */
    void openStudy(String study, String configHash, String config, String provenance);

    /** Reserves the next trial number for this architecture and records the trial as RUNNING. */
    int startTrial(String study, Architecture architecture);

    /**
     * Records how the trial ended and, in the same transaction, the strategy state after it was told and, for
     * learned strategies, the probability of each option of each decision at that point (for plots).
     */
    void finishTrial(String study, TrialResult result, long seed, double seconds, ObjectNode strategyState,
                     Optional<List<double[]>> choiceProbabilities);

    /** Every trial of the study, by number; none for a study the storage does not hold. */
    List<StoredTrial> trials(String study, SearchSpace space);

    /** The strategy state saved with the last finished trial; empty before the first, or for an unknown study. */
    Optional<JsonNode> strategyState(String study);

    /** Every study the storage holds, by name. */
    List<StudyInfo> studies();

    /**
     * Marks the study's RUNNING trials FAILED with this reason (after a crash, nobody is running them) and returns
     * their numbers.
     */
    List<Integer> failRunning(String study, String reason);

    @Override
    void close();

    /**
     * A trial as stored: its result, seed, how long it took, and the strategy's choice probabilities after it (empty
     * for strategies without a distribution).
     */
    record StoredTrial(TrialResult result, long seed, double seconds, Optional<List<double[]>> choiceProbabilities) {
    }

    /**
     * A study as {@link #openStudy} created it.
     *
     * @param created when, as an ISO-8601 instant ({@code Instant.parse} reads it)
     */
    record StudyInfo(String name, String configHash, String config, String provenance, String created) {
    }
}
