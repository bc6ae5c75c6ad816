package org.nas4j.cli.search;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.ConsoleProgress;
import org.nas4j.config.StudyConfig;
import org.nas4j.search.SearchResult;
import org.nas4j.search.Study;
import org.nas4j.store.PostgresLocation;
import org.nas4j.store.StorageException;
import org.nas4j.store.StudyStorages;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "worker",
        mixinStandardHelpOptions = true,
        description = {"Run a study as one of any number of workers, on this machine or others, that share its storage: "
                + "each claims the next trial (the strategy's proposal), trains or looks it up, and reports it. The "
                + "study's budget of trials and minutes holds across all of them.",
            "A worker renews its trial's heartbeat; a trial whose worker stops renewing it (a crash, a lost "
                    + "machine) fails as 'worker lost' and runs again elsewhere. On SIGTERM (Ctrl-C) a worker hands "
                    + "its trial back and stops. Workers on several machines need a PostgreSQL database; on one "
                    + "machine a SQLite file is enough."},
        footer = {"", "Examples:",
                "  ./nas4j worker examples/nb201-workers.yaml                 in several terminals at once",
                "  ./nas4j worker examples/fashion-mnist.yaml --storage postgresql://db.lan/nas4j?user=nas4j "
                        + "--data /usr/share/datasets/fashion-mnist",
                "  NAS4J_STORAGE_PASSWORD is read for the database's password; it never goes in the URL."})
public final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "The study config (YAML), the same for every worker.")
    Path configFile;

    @Option(names = "--storage", paramLabel = "URL", description = "The study's storage: "
            + "postgresql://host[:port]/database?user=NAME, or a SQLite file for workers on one machine. Default: "
            + "the config's storage:, else runs/<study name>/study.db.")
    String storage;

    @Mixin
    DataOptions data;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--name", paramLabel = "NAME", description = "This worker's name in the study's records. "
            + "Default: host:process.")
    String name;

    @Option(names = "--json", description = "End with one JSON line summarizing the study.")
    boolean json;

    @Override
    public Integer call() {
        StudyConfig config = SharedStudy.config(configFile, data);
        String location = SharedStudy.location(storage, config, Path.of("runs", config.study().name(), "study.db"));
        int total = budget.total(config);
        Optional<Double> minutes = budget.minutes(config);
        PrintWriter err = spec.commandLine().getErr();
        String worker = name != null ? name : defaultName();
        err.printf("worker %s on %s%n", worker, SharedStudy.printable(location));
        SearchResult result = SharedStudy.work(config, configFile, data, location, total, minutes, worker, err);
        SearchSummary.print(spec.commandLine().getOut(), json, SharedStudy.printable(location), result);
        return 0;
    }

    /** The host and this process, which tell workers apart in the study's records and in logs. */
    static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** What {@code worker} and a {@code search} on a shared storage do alike. */
    static final class SharedStudy {
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

        /** The flag's location, else the config's, else {@code fallback}. */
        static String location(String flag, StudyConfig config, Path fallback) {
            if (flag != null) {
                if (flag.isBlank()) {
                    throw new UserInputException("--storage is blank: give postgresql://host/database?user=NAME "
                            + "or a file");
                }
                return flag;
            }
            return config.workers().storage().orElse(fallback.toString());
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
            if (!PostgresLocation.isPostgres(location)) {
                try {
                    Path parent = Path.of(location).toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                } catch (java.io.IOException e) {
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
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook runs
                }
            }
        }
    }
}
