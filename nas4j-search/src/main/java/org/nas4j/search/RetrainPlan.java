package org.nas4j.search;

import java.util.Optional;
import org.nas4j.space.Architecture;

/** What a study is about to retrain: a trial's architecture, or one given; for how long, on how many images. */
public record RetrainPlan(Optional<Integer> trial, Architecture architecture, int epochs, int trainImages,
                          String dataSource) {
}
