package org.nas4j.cli.search;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.ConsoleProgress;
import org.nas4j.config.StudyConfig;
import org.nas4j.search.SearchResult;
import org.nas4j.search.Study;
import org.nas4j.store.StorageException;
import org.nas4j.store.StudyStorages;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyWorker;

/** What {@code worker} and a {@code search} on a shared storage do alike. */
final class SharedStudy {
    /** How long a stopping worker waits for the trial under way to end before the JVM exits. */
    private static final int STOP_WAIT_SECONDS = 5;

    private SharedStudy() {
    }

    static StudyConfig config(Path configFile, DataOptions data) {
        StudyConfig read = ConfigFile.read(configFile);
        if (!data.given()) {
            return read;
        }
        data.source(read.data()); // a missing folder is reported with its flag
        try {
            return read.withData(data.applyTo(read.data()));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** The {@code --storage} flag's location, else the config's {@code storage:}; empty for neither. */
    static Optional<String> location(String flag, StudyConfig config) {
        if (flag != null && flag.isBlank()) {
            throw new UserInputException("--storage is blank: give postgresql://host/database?user=NAME or a file");
        }
        return Optional.ofNullable(flag).or(() -> config.workers().storage());
    }

    /** The location as it may be printed; a URL that cannot be read is the user's to fix. */
    static String printable(String location) {
        try {
            return StudyStorages.describe(location);
        } catch (StorageException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /**
     * Opens the storage (an unreachable database or refused credentials are the user's to fix), joins the
     * study and works on it until its budget is spent or SIGTERM comes, when the trial under way is handed back.
     */
    static SearchResult work(StudyConfig config, Path configFile, DataOptions data, String location, int total,
                             Optional<Double> budget, String worker, PrintWriter err) {
        if (config.isOneShot()) { // refused before anything is written
            throw new UserInputException("a one-shot study trains one supernet, which workers cannot share; run it "
                    + "with search in one process, or set 'evaluator: train' for workers");
        }
        if (!location.contains("://")) { // a SQLite file: its folder is made; a URL is opened as it is
            try {
                Path parent = Path.of(location).toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new UserInputException("cannot create the folder of " + location + ": " + e.getMessage(), e);
            }
        }
        StudyStorage opened;
        try {
            opened = StudyStorages.open(location);
        } catch (StorageException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<StudyWorker> running = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        // SIGTERM or Ctrl-C: hand the trial back, then give the worker a moment to close the storage and print.
        Thread hook = new Thread(() -> {
            stopping.set(true);
            StudyWorker one = running.get();
            if (one != null) {
                try {
                    one.handBack().ifPresent(number -> err.printf("%nstopped: trial %d handed back to the "
                            + "study%n", number));
                } catch (RuntimeException e) {
                    err.printf("%nstopped; handing the trial back failed (%s): it fails as lost after the grace "
                            + "period%n", e.getMessage());
                }
                err.flush();
            }
            try {
                ended.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nas4j worker stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (opened) {
            Study study;
            try {
                Study.Builder builder = Study.builder(config).storage(opened).listener(new ConsoleProgress(err));
                study = (data.given() ? builder : builder.configText(ConfigFile.text(configFile))).build();
            } catch (StorageException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            try (study) {
                return study.work(total, budget, worker, stopping::get, running::set);
            }
        } finally {
            running.set(null);
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }
}
