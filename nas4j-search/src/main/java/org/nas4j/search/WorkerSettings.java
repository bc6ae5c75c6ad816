package org.nas4j.search;

import java.util.Objects;
import java.util.Optional;
import org.nas4j.study.StudyWorker;

/**
 * Where workers that share a study find it, and how they watch each other. Neither is part of the study's identity:
 * workers on different machines may reach one database by different host names.
 *
 * @param storage the study's storage (a {@code postgresql://} URL or a SQLite file); empty for the command's default
 * @param watch   heartbeat interval, grace period and retries of lost trials
 */
public record WorkerSettings(Optional<String> storage, StudyWorker.Settings watch) {
    public static final WorkerSettings DEFAULT = new WorkerSettings(Optional.empty(), StudyWorker.Settings.DEFAULT);

    public WorkerSettings {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(watch, "watch");
        storage.ifPresent(location -> {
            if (location.isBlank()) {
                throw new IllegalArgumentException("storage must be a postgresql:// URL or a file, got a blank");
            }
        });
    }

    public WorkerSettings withStorage(String location) {
        return new WorkerSettings(Optional.of(location), watch);
    }
}
