package org.nas4j.study;

/** Where a trial stands. Finished trials (all but RUNNING) never change again. */
public enum TrialState {
    RUNNING,
    COMPLETE,
    /** The evaluation threw, diverged or returned a non-finite result; the reason is kept. */
    FAILED,
    /** Stopped early or rejected by a constraint before its evaluation finished. */
    PRUNED
}
