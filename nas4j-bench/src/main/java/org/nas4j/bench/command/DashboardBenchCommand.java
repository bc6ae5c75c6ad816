package org.nas4j.bench.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.Flags;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.dashboard.DashboardServer;
import org.nas4j.eval.Metrics;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.stats.Summary;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dashboard",
        mixinStandardHelpOptions = true,
        description = {"How fast the dashboard serves a large study: writes a study of --trials simulated trials of "
                + "the example space to a SQLite file, serves it, and times the first page of the trials table "
                + "(cold: the study read from the file; then warm), a page sorted by reward, the reward history "
                + "and the Pareto front, each over HTTP; prints the median of --repeats."},
        footer = {"", "Examples:",
                "  ./nas4j bench dashboard",
                "  ./nas4j bench dashboard --trials 50000 --json"})
public final class DashboardBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trials", paramLabel = "N", description = "Trials in the study. Default: ${DEFAULT-VALUE}.")
    int trials = 20_000;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed requests of each kind. Default: "
            + "${DEFAULT-VALUE}.")
    int repeats = 20;

    @Option(names = "--config", paramLabel = "FILE", description = "The space the trials are drawn from. Default: "
            + "${DEFAULT-VALUE}.")
    Path config = Path.of("examples", "fashion-mnist.yaml");

    @Option(names = "--out", paramLabel = "DIR", description = "Where the study file goes. Default: "
            + "${DEFAULT-VALUE}.")
    Path out = Path.of("runs", "bench-dashboard");

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Flags.requirePositive(spec, "--trials", trials);
        Flags.requirePositive(spec, "--repeats", repeats);
        PrintWriter err = spec.commandLine().getErr();
        StudyConfig study = org.nas4j.cli.ConfigFile.read(config);
        Files.createDirectories(out);
        Path file = out.resolve("study-" + trials + ".db");
        if (!Files.exists(file)) {
            err.printf(Locale.ROOT, "writing %,d trials to %s%n", trials, file);
            err.flush();
            write(file, study);
        }
        HttpClient http = HttpClient.newHttpClient();
        ObjectNode result = Json.object().put("trials", trials).put("repeats", repeats);
        PrintWriter stdout = spec.commandLine().getOut();
        try (StudyStorage storage = SqliteStudyStorage.openReadOnly(file);
             DashboardServer server = DashboardServer.start(storage, "127.0.0.1", 0, Duration.ofSeconds(1))) {
            String name = study.study().name();
            double cold = millis(http, server, "api/studies/" + name + "/trials?limit=50");
            result.put("first_page_cold_ms", cold);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"first page, cold (the study read)", format(cold)});
            for (String[] view : new String[][] {
                    {"first page", "trials?limit=50"}, {"page sorted by reward", "trials?sort=reward&order=desc"
                    + "&limit=50&offset=100"}, {"reward history", "history"}, {"Pareto front", "pareto"}}) {
                double[] times = new double[repeats];
                for (int k = 0; k < repeats; k++) {
                    times[k] = millis(http, server, "api/studies/" + name + "/" + view[1]);
                }
                double median = Summary.of(times).median();
                result.put(view[0].replace(' ', '_').replace(",", "") + "_ms", median);
                rows.add(new String[] {view[0] + ", median", format(median)});
            }
            if (json) {
                stdout.println(result);
            } else {
                stdout.printf(Locale.ROOT, "%,d trials, served over HTTP on loopback:%n", trials);
                for (String[] row : rows) {
                    stdout.printf(Locale.ROOT, "  %-36s %9s ms%n", row[0], row[1]);
                }
            }
        }
        return 0;
    }

    private static String format(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    private static double millis(HttpClient http, DashboardServer server, String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.address().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
        }
        return ms;
    }

    /** Random architectures of the space with made-up metrics; one in twenty failed, one in ten over a limit. */
    private void write(Path file, StudyConfig study) {
        SearchSpace space = study.space();
        Rng rng = new Rng(1);
        String name = study.study().name();
        try (StudyStorage storage = SqliteStudyStorage.open(file)) {
            storage.openStudy(name, study.hash(), study.toYaml(), "{}");
            for (int k = 0; k < trials; k++) {
                Architecture architecture = RandomSearch.sample(space, rng).canonical();
                int number = storage.startTrial(name, architecture);
                double draw = rng.nextDouble();
                TrialResult result = draw < 0.05 ? TrialResult.failed(number, architecture, "diverged")
                        : draw < 0.15 ? TrialResult.pruned(number, architecture, "over a limit")
                        : TrialResult.completed(number, architecture, new Metrics(0.8 + 0.1 * rng.nextDouble(), 30,
                        0.5 + rng.nextDouble(), 100_000 + number, 20_000_000L + number), 0.8 + 0.1 * draw);
                storage.finishTrial(name, result, k, 30, Json.object(), Optional.empty());
            }
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(file); // a half-written study would be timed next time
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }
}
