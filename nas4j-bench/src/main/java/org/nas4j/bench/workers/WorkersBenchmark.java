package org.nas4j.bench.workers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.function.Consumer;
import org.nas4j.bench.nb201.Nb201;
import org.nas4j.config.StudyConfig;
import org.nas4j.search.StudySettings;
import org.nas4j.search.TabularSettings;
import org.nas4j.store.StudyStorages;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialState;

/**
 * How fast workers share a study: {@code n} worker processes ({@code nas4j worker}) on one NAS-Bench-201 study of
 * regularized evolution, for each {@code n}. Trials are table lookups that sleep a chosen share of their simulated
 * cost (none by default), so what is measured is the claim, the report and the strategy steps through the storage.
 * The span runs from the first trial's start to the last one's end, by the trials' own times, so that the JVMs'
 * start is left out.
 */
public final class WorkersBenchmark {
    /**
     * One run: {@code workers} processes, the trials they finished, the study's span (first trial's start to last
     * one's end), the sum of each worker's own span (its first trial's start to its last one's end, so that the JVMs'
     * staggered starts are left out) and the time the trials themselves took.
     */
    public record Run(int workers, int trials, double spanSeconds, double workerSeconds, double trialSeconds) {
        public double trialsPerMinute() {
            return trials / spanSeconds * 60;
        }

        /** Worker time per trial beyond the trial itself: claim, report, strategy steps and waits on the lock. */
        public double overheadMsPerTrial() {
            return (workerSeconds - trialSeconds) / trials * 1000;
        }
    }

    private final List<String> workerCommand;
    private final Path dir;
    private final Optional<String> storage;
    private final Consumer<String> log;

    /**
     * @param workerCommand how to start {@code nas4j} (java, its class path, the main class)
     * @param dir           where configs, logs and (without {@code storage}) each run's SQLite file go
     * @param storage       a PostgreSQL URL every run shares (each in a study of its own), or empty for SQLite files
     */
    public WorkersBenchmark(List<String> workerCommand, Path dir, Optional<String> storage, Consumer<String> log) {
        this.workerCommand = List.copyOf(workerCommand);
        this.dir = dir;
        this.storage = storage;
        this.log = log;
    }

    /** Runs {@code trials} trials with {@code workers} processes, sleeping {@code sleep} per simulated second. */
    public Run run(int workers, int trials, double sleep) {
        String name = "bench-workers-" + workers + "-" + Instant.now().toEpochMilli();
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve(name + ".yaml");
            Files.writeString(config, config(name, trials, sleep).toYaml());
            String location = storage.orElse(dir.resolve(name + ".db").toString());
            List<Process> processes = new ArrayList<>();
            try {
                for (int k = 0; k < workers; k++) {
                    List<String> command = new ArrayList<>(workerCommand);
                    command.addAll(List.of("worker", config.toString(), "--storage", location, "--name", "w" + k));
                    processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(dir.resolve(name + "-w" + k + ".log").toFile()).start());
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
                for (int k = 0; k < workers; k++) {
                    Process process = processes.get(k);
                    long left = deadline - System.nanoTime();
                    if (!process.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS) || process.exitValue() != 0) {
                        throw new IllegalStateException("worker " + k + " failed or ran past 30 minutes; its output "
                                + "is in " + dir.resolve(name + "-w" + k + ".log"));
                    }
                }
            } finally {
                processes.forEach(Process::destroyForcibly); // none outlives its run, whatever happened
            }
            Run run = measure(location, name, workers);
            log.accept(String.format(java.util.Locale.ROOT, "%d worker%s: %d trials in %.1f s", workers,
                    workers == 1 ? "" : "s", run.trials(), run.spanSeconds()));
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Run measure(String location, String name, int workers) {
        try (StudyStorage opened = StudyStorages.openReadOnly(location)) {
            List<StoredTrial> trials = opened.trials(name, Nb201.space()).stream()
                    .filter(t -> t.result().state() == TrialState.COMPLETE).toList();
            if (trials.size() < 2) {
                throw new IllegalStateException("the workers completed " + trials.size() + " trials; a span needs "
                        + "two or more");
            }
            double workerSeconds = trials.stream().collect(Collectors.groupingBy(t -> t.worker().orElseThrow()))
                    .values().stream().mapToDouble(WorkersBenchmark::span).sum();
            return new Run(workers, trials.size(), span(trials), workerSeconds,
                    trials.stream().mapToDouble(StoredTrial::seconds).sum());
        }
    }

    /** From the first trial's start to the last one's end. */
    private static double span(List<StoredTrial> trials) {
        Instant first = trials.stream().map(t -> t.started().orElseThrow()).min(Instant::compareTo).orElseThrow();
        Instant last = trials.stream().map(t -> t.finished().orElseThrow()).max(Instant::compareTo).orElseThrow();
        return Duration.between(first, last).toNanos() / 1e9;
    }

    /** The benchmark's study: the NAS-Bench-201 space, regularized evolution, the table with this sleep. */
    static StudyConfig config(String name, int trials, double sleep) {
        return StudyConfig.of(name, Nb201.space())
                .withStudy(new StudySettings(name, 1, trials, Optional.empty()))
                .withStrategy(new StrategySpec.Evolution(new EvolutionSettings(10, 5, true,
                        EvolutionSettings.Initial.RANDOM), List.of()))
                .withTabular(Optional.of(new TabularSettings("nb201", sleep)));
    }
}
