package org.nas4j.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
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
 *   <li>methods are safe to call from several threads;</li>
 *   <li>a claim ({@link #claimTrial}) and a report ({@link #reportTrial}) see the strategy state the last one left,
 *       and write theirs in the same transaction as the trial: workers in other processes never ask from the same
 *       state, and no told result is lost.</li>
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

    /**
     * How far the study has got, in one cheap query: what a watcher (a live dashboard) polls to know that something
     * changed before it reads the trials again.
     */
    Progress progress(String study);

    /**
     * The claimed trials still running, each with its worker and how long ago its heartbeat was renewed, by the
     * storage's own clock: what a watcher shows of the workers. None for a study run in one process.
     */
    List<Heartbeat> heartbeats(String study);

    /**
     * Adds points to the curve {@code name} of trial {@code owner} (or of the study, {@link Curve#STUDY}), in one
     * transaction; a point at a step the curve already has replaces it, so a training resumed from a checkpoint
     * records its steps again without doubling them.
     */
    void recordCurve(String study, int owner, String name, List<Curve.Point> points);

    /** Every curve of the study, by owner (the study's own first) and name, each with its points by step. */
    List<Curve> curves(String study);

    /** The strategy state saved with the last finished trial; empty before the first, or for an unknown study. */
    Optional<JsonNode> strategyState(String study);

    /** Every study the storage holds, by name. */
    List<StudyInfo> studies();

    /**
     * Marks the study's RUNNING trials FAILED with this reason (after a crash, nobody is running them) and returns
     * their numbers.
     */
    List<Integer> failRunning(String study, String reason);

    /**
     * For workers sharing the study, in one transaction with the study held still: first fails the trials whose
     * worker {@code lost} finds silent (as {@link #failStale} does); then gives {@code ask} the number the trial
     * will have, those lost trials and the strategy state last saved (empty before the first). When it proposes an
     * architecture, records it as a RUNNING trial held by {@code worker} with a fresh heartbeat. The state it
     * leaves is saved either way, so that a claim that proposes nothing (the study's budget is spent) still
     * records the lost trials it found.
     */
    Optional<Claim> claimTrial(String study, String worker, LostWorkers lost, ClaimStep ask);

    /**
     * Records how a claimed trial ended and, in the same transaction, gives {@code tell} the strategy state as the
     * workers have left it, saves the state after telling, and stores the choice probabilities it gives (empty for
     * strategies without a distribution). A trial no longer running (a lost one, failed by another worker) is an
     * error, and nothing changes.
     */
    void reportTrial(String study, TrialResult result, long seed, double seconds,
                     StateStep<Optional<List<double[]>>> tell);

    /**
     * Renews the heartbeat of a claimed trial; false when it is no longer running (its worker was taken for lost),
     * so that the worker stops it.
     */
    boolean heartbeat(String study, int number);

    /**
     * Marks FAILED with {@code reason} the claimed trials whose heartbeat is older than {@code grace} by the
     * storage's own clock (workers' clocks may disagree), and returns them with the architecture as their strategy
     * proposed it, read in {@code space}.
     */
    List<Claim> failStale(String study, SearchSpace space, Duration grace, String reason);

    /**
     * Whether {@code failure}, thrown by this storage, may pass if the call is made again: a dropped connection, a
     * database restarting, a file busy past its timeout. Workers retry such calls rather than stop.
     */
    default boolean isTransient(RuntimeException failure) {
        return false;
    }

    @Override
    void close();

    /** A step of the strategy on the shared state: the state before, and what the step gives and leaves. */
    @FunctionalInterface
    interface StateStep<T> {
        Stepped<T> apply(Optional<JsonNode> state);
    }

    /** How a claim finds trials whose worker was lost: heartbeats older than {@code grace} fail with {@code reason}. */
    record LostWorkers(SearchSpace space, Duration grace, String reason) {
    }

    /** What a claim gives the strategy: the number the trial will have, the trials found lost, the shared state. */
    record ClaimContext(int number, List<Claim> lost, Optional<JsonNode> state) {
    }

    /** A claim's step of the strategy: the architecture to run (empty for none) and the state after. */
    @FunctionalInterface
    interface ClaimStep {
        Stepped<Optional<Architecture>> apply(ClaimContext context);
    }

    /** What a {@link StateStep} gave ({@code value}) and the strategy state after it. */
    record Stepped<T>(T value, ObjectNode state) {
    }

    /**
     * A claimed trial: its number, and the architecture as the strategy proposed it (before it was made canonical,
     * as a learned policy needs its own sample told back).
     */
    record Claim(int number, Architecture proposed) {
    }

    /**
     * A trial as stored: its result, seed, how long it took, the strategy's choice probabilities after it (empty
     * for strategies without a distribution), and when it started and ended by the clock of the process that ran
     * it (both empty for a trial that was never stored; the end, while it runs), and the worker that claimed it
     * (empty for a trial of a study run in one process).
     */
    record StoredTrial(TrialResult result, long seed, double seconds, Optional<List<double[]>> choiceProbabilities,
                       Optional<Instant> started, Optional<Instant> finished, Optional<String> worker) {
        /** A trial not read from a storage: no times, no worker. */
        public StoredTrial(TrialResult result, long seed, double seconds,
                           Optional<List<double[]>> choiceProbabilities) {
            this(result, seed, seconds, choiceProbabilities, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * A study's counts and newest times: any change to its trials or its workers' heartbeats, and any new point of
     * its curves, changes one of them.
     *
     * @param lastChange the newest start or end of a trial, as stored (ISO-8601), or empty for none
     * @param lastHeartbeat the newest heartbeat of a claimed trial, in the storage's milliseconds, or 0 for none
     * @param curvePoints   how many points the study's curves hold
     */
    record Progress(int trials, int finished, String lastChange, long lastHeartbeat, long curvePoints) {
    }

    /** A running claimed trial: its number, its worker, and the age of its last heartbeat. */
    record Heartbeat(int number, String worker, Duration age) {
    }

    /**
     * A study as {@link #openStudy} created it.
     *
     * @param created when, as an ISO-8601 instant ({@code Instant.parse} reads it)
     */
    record StudyInfo(String name, String configHash, String config, String provenance, String created) {
    }
}
