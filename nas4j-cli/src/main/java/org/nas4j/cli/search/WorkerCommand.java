package org.nas4j.cli.search;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.Flags;
import org.nas4j.config.StudyConfig;
import org.nas4j.djl.engine.Engines;
import org.nas4j.search.SearchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "worker",
        mixinStandardHelpOptions = true,
        description = {"Run a study as one of any number of workers, on this machine or others, that share its "
                + "storage: each claims the next trial (the strategy's proposal), trains or looks it up, and reports "
                + "it. The study's budget of trials and minutes holds across all of them.",
            "A worker renews its trial's heartbeat; a trial whose worker stops renewing it (a crash, a lost "
                    + "machine) fails as 'worker lost' and runs again elsewhere. On SIGTERM or Ctrl-C a worker hands "
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

    @Option(names = "--threads", paramLabel = "N", description = "Threads this worker's operators use. Default: "
            + "one per core. Workers that share a machine should split its cores (2 workers on 8 cores: --threads 4); "
            + "more threads than cores slow every worker down several times.")
    Integer threads;

    @Option(names = "--json", description = "End with one JSON line summarizing the study.")
    boolean json;

    @Override
    public Integer call() {
        StudyConfig config = SharedStudy.config(configFile, data);
        String location = SharedStudy.location(storage, config)
                .orElse(Path.of("runs", config.study().name(), "study.db").toString());
        Flags.requirePositiveIfGiven(spec, "--threads", threads);
        if (threads != null) {
            Engines.setThreads(threads);
        }
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
}
