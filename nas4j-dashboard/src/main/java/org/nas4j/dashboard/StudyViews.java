package org.nas4j.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nas4j.config.StudyConfig;
import org.nas4j.scale.ScalingTable;
import org.nas4j.space.SearchSpace;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.Progress;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.StudyStorage.StudyInfo;

/**
 * The studies of one storage as the dashboard shows them, read only. Each study's trials are read once and kept
 * until its {@link Progress} changes, so that a page of 20,000 trials is served from memory and a poll costs one
 * small query per study.
 */
final class StudyViews {
    /**
     * A study's trials as read at one {@link Progress}.
     *
     * @param kind what made the study: {@code search}, {@code one-shot} (a search on a supernet's shared
     *             weights), {@code scaling}, or {@code scaling-grid} (whose trials the dashboard does not read: the
     *             scaling run's report shows them)
     */
    record Snapshot(StudyInfo info, String kind, Progress progress, List<StoredTrial> trials,
                    Map<String, Object> memo) {
        Snapshot(StudyInfo info, String kind, Progress progress, List<StoredTrial> trials) {
            this(info, kind, progress, trials, new java.util.concurrent.ConcurrentHashMap<>());
        }

        /** The same trials at a newer progress (a heartbeat, a curve's point), with what was worked out of them. */
        Snapshot at(Progress now) {
            return new Snapshot(info, kind, now, trials, memo);
        }

        /**
         * What {@code work} makes of these trials, made once: the trials never change under a snapshot, so a sorted
         * table or a chart's JSON is worked out on the first request and served from memory after.
         */
        @SuppressWarnings("unchecked")
        <T> T memo(String key, java.util.function.Supplier<T> work) {
            return (T) memo.computeIfAbsent(key, k -> work.get());
        }
    }

    private final StudyStorage storage;
    private final long freshNanos;
    private final Map<String, Snapshot> cache = new HashMap<>();
    private final Map<String, Long> checkedAt = new HashMap<>();
    private final Map<String, Optional<SearchSpace>> spaces = new HashMap<>();
    private final Map<String, String> kinds = new HashMap<>();
    private final Map<String, CurvesRead> curves = new HashMap<>();
    private List<StudyInfo> studies;
    private long studiesCheckedAt;

    /**
     * @param fresh how long what was read stays current: requests within it are served from memory without asking
     *              the storage (the live feed polls at the same pace)
     */
    StudyViews(StudyStorage storage, java.time.Duration fresh) {
        this.storage = storage;
        this.freshNanos = fresh.toNanos();
    }

    /** Every study of the storage, by name, each as of now. */
    synchronized List<Snapshot> all() {
        List<Snapshot> snapshots = new ArrayList<>();
        for (StudyInfo info : studies()) {
            snapshots.add(snapshot(info));
        }
        return snapshots;
    }

    /** The study of this name as of now; empty when the storage holds none. */
    synchronized Optional<Snapshot> study(String name) {
        return studies().stream().filter(info -> info.name().equals(name)).findFirst().map(this::snapshot);
    }

    /** A study's curves as read when it had {@code points} points. */
    private record CurvesRead(long points, List<Curve> curves) {
    }

    /** The curves of a study as of {@code study}'s progress: read again only when they have new points. */
    synchronized List<Curve> curves(Snapshot study) {
        String name = study.info().name();
        CurvesRead read = curves.get(name);
        if (read == null || read.points() != study.progress().curvePoints()) {
            read = new CurvesRead(study.progress().curvePoints(), storage.curves(name));
            curves.put(name, read);
        }
        return read.curves();
    }

    /** The running trials of a study's workers with the age of their heartbeats, read now. */
    synchronized List<StudyStorage.Heartbeat> heartbeats(String name) {
        return storage.heartbeats(name);
    }

    /** Each study's progress, for the live feed: a few cheap queries per study, no trial read. */
    synchronized Map<String, Progress> progress() {
        Map<String, Progress> progress = new HashMap<>();
        studiesCheckedAt = 0; // the feed looks for new studies too
        for (StudyInfo info : studies()) {
            Progress now = storage.progress(info.name());
            progress.put(info.name(), now);
            Snapshot cached = cache.get(info.name());
            if (cached != null && !sameRecords(cached.progress(), now)) {
                checkedAt.remove(info.name()); // the page this change is announced to must get what is new
            }
        }
        return progress;
    }

    /** Whether two progresses have the same trials: heartbeats and curves alone leave them unchanged. */
    static boolean sameTrials(Progress a, Progress b) {
        return a.trials() == b.trials() && a.finished() == b.finished() && a.lastChange().equals(b.lastChange());
    }

    /** Whether two progresses have the same trials and curves: what a page shows, but for the heartbeats. */
    static boolean sameRecords(Progress a, Progress b) {
        return sameTrials(a, b) && a.curvePoints() == b.curvePoints();
    }

    private List<StudyInfo> studies() {
        long now = System.nanoTime();
        if (studies == null || now - studiesCheckedAt > freshNanos) {
            studies = storage.studies();
            studiesCheckedAt = now;
        }
        return studies;
    }

    static String kind(StudyInfo info) {
        if (ScalingTable.isGridStudy(info.config())) {
            return "scaling-grid";
        }
        if (ScalingTable.isScalingStudy(info.config())) {
            return "scaling";
        }
        return StudyConfig.parseStored(info.config()).isOneShot() ? "one-shot" : "search";
    }

    /** The space a study's trials are read in; none for a scaling run's grid. */
    private static Optional<SearchSpace> spaceOf(StudyInfo info, String kind) {
        return switch (kind) {
            case "scaling-grid" -> Optional.empty();
            case "scaling" -> Optional.of(ScalingTable.space(info.config()));
            default -> Optional.of(StudyConfig.parseStored(info.config()).space());
        };
    }

    private Snapshot snapshot(StudyInfo info) {
        Snapshot cached = cache.get(info.name());
        long time = System.nanoTime();
        Long checked = checkedAt.get(info.name());
        if (cached != null && checked != null && time - checked <= freshNanos) {
            return cached;
        }
        Progress now = storage.progress(info.name());
        checkedAt.put(info.name(), time);
        if (cached != null && sameTrials(cached.progress(), now)) {
            // A heartbeat or a curve's new points alone: the trials stand, the views get the new progress.
            Snapshot beat = cached.at(now);
            cache.put(info.name(), beat);
            return beat;
        }
        String kind = kinds.computeIfAbsent(info.name(), name -> kind(info));
        Optional<SearchSpace> space = spaces.computeIfAbsent(info.name(), name -> spaceOf(info, kind));
        Snapshot fresh = new Snapshot(info, kind, now, space.map(s -> storage.trials(info.name(), s))
                .orElse(List.of()));
        cache.put(info.name(), fresh);
        return fresh;
    }
}
