package org.nas4j.search;

import java.nio.file.Path;
import java.util.Optional;
import org.nas4j.djl.supernet.SupernetSettings;

/**
 * The supernet a one-shot search trains: its settings, the steps of the whole training and those already done
 * (read from the checkpoint), the paths each step runs, the training images and the weights it stores.
 */
public record SupernetPlan(SupernetSettings settings, long totalSteps, long stepsDone, int pathsPerStep,
                           int trainImages, long parameters, Optional<Path> checkpoint) {
}
