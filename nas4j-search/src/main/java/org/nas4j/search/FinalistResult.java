package org.nas4j.search;

import org.nas4j.djl.train.Finalists;
import org.nas4j.study.TrialResult;

/**
 * One finalist: the search's trial, whether it is the study's latency reference, and what training it again gave.
 */
public record FinalistResult(TrialResult trial, boolean reference, Finalists.Finalist result) {
}
