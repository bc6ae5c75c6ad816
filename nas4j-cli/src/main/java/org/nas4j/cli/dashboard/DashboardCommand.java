package org.nas4j.cli.dashboard;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nas4j.cli.StudyFile;
import org.nas4j.cli.UserInputException;
import org.nas4j.dashboard.DashboardServer;
import org.nas4j.store.StorageException;
import org.nas4j.store.StudyStorages;
import org.nas4j.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {"Watch studies live in a browser: their trials (sorted, filtered, paged), the reward history, "
                + "accuracy against latency with the Pareto front, a learned strategy's probabilities, the workers "
                + "of a shared study and each trial's architecture. New trials appear within two seconds.",
            "The server reads the study and never writes to it; it listens on this machine only unless --host "
                    + "names another interface, and serves everything the page needs itself (no network)."},
        footer = {"", "Examples:",
                "  ./nas4j dashboard runs/fashion-mnist",
                "  ./nas4j dashboard --storage postgresql://db.lan/nas4j?user=nas4j --port 8090",
                "  ./nas4j dashboard runs/fashion-mnist --host 0.0.0.0      reachable from other machines"})
public final class DashboardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STUDY", arity = "0..1", description = "A study folder (its study.db) or file.")
    Path study;

    @Option(names = "--storage", paramLabel = "URL", description = "A study storage instead: "
            + "postgresql://host[:port]/database?user=NAME, or a SQLite file.")
    String storage;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (0: any free one). Default: "
            + "${DEFAULT-VALUE}.")
    int port = 8080;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Interface to listen on. Default: "
            + "${DEFAULT-VALUE} (this machine only).")
    String host = "127.0.0.1";

    @Override
    public Integer call() throws IOException, InterruptedException {
        if ((study == null) == (storage == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give a study folder or "
                    + "--storage URL, one of the two");
        }
        if (port < 0 || port > 65_535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be in [0, 65535], "
                    + "got " + port);
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UserInputException("--host " + host + " is no address this machine knows: give an "
                    + "interface's address, 127.0.0.1 (the default) or 0.0.0.0 for every interface", e);
        }
        StudyStorage opened = open();
        PrintWriter err = spec.commandLine().getErr();
        DashboardServer server;
        try {
            server = startServer(opened);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        err.printf("dashboard of %s at %s (Ctrl-C stops it)%n", study != null ? StudyFile.locate(study)
                : StudyStorages.describe(storage), server.address());
        err.flush();
        // The server runs until Ctrl-C or SIGTERM; the hook closes it and the storage before the JVM halts.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            opened.close();
            stopped.countDown();
        }, "nas4j dashboard stop"));
        stopped.await();
        return 0;
    }

    private StudyStorage open() {
        if (study != null) {
            return StudyFile.openReadOnly(StudyFile.locate(study));
        }
        try {
            return StudyStorages.openReadOnly(storage);
        } catch (StorageException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private DashboardServer startServer(StudyStorage opened) throws IOException {
        try {
            return DashboardServer.start(opened, host, port, Duration.ofSeconds(1));
        } catch (BindException e) {
            throw new UserInputException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): "
                    + "choose another --port (0 for any free one), or a --host this machine has", e);
        }
    }
}
