package org.nas4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.config.StudyConfig;
import org.nas4j.eval.Metrics;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.TrialResult;

/** The server alone, over HTTP as a browser reaches it: its JSON, its 404s, its live feed, and that it only reads. */
class DashboardServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final SearchSpace SPACE = SearchSpace.builder().decision("stage1.block", "conv", "mbconv")
            .decision("stage1.kernel", 3, 5).decision("width", 16, 32, 64).build();
    private final HttpClient http = HttpClient.newHttpClient();

    /** A study of {@code trials} completed trials (reward and accuracy rise with the number), and one failed. */
    static void writeStudy(Path file, String name, int trials) {
        try (StudyStorage storage = SqliteStudyStorage.open(file)) {
            StudyConfig config = StudyConfig.of(name, SPACE);
            storage.openStudy(name, config.hash(), config.toYaml(), "{\"cpu\":\"test cpu\",\"processors\":2}");
            for (int k = 0; k < trials; k++) {
                addTrial(storage, name, k);
            }
            int failed = storage.startTrial(name, SPACE.architectureAt(1));
            storage.finishTrial(name, TrialResult.failed(failed, SPACE.architectureAt(1), "diverged: loss NaN"),
                    7, 0.5, JSON.createObjectNode(), Optional.empty());
        }
    }

    static void addTrial(StudyStorage storage, String name, int k) {
        Architecture architecture = SPACE.architectureAt(k % 12);
        int number = storage.startTrial(name, architecture);
        double accuracy = 0.5 + 0.4 * k / (k + 10.0);
        storage.finishTrial(name, TrialResult.completed(number, architecture, new Metrics(accuracy, 2.0,
                1.0 + (k % 7), 1000 + k, 50_000 + k), accuracy), k, 2.0, JSON.createObjectNode(), Optional.empty());
    }

    /**
     * A one-shot study: two points of its supernet's loss (steps 5 and 10), a completed one-shot trial of each
     * accuracy, and a curve of trial 1's (steps 1 and 2).
     */
    static void writeOneShotStudy(Path file, String name, double... accuracies) {
        try (StudyStorage storage = SqliteStudyStorage.open(file)) {
            StudyConfig config = StudyConfig.of(name, SPACE).withSupernet(Optional.of(
                    org.nas4j.djl.supernet.SupernetSettings.DEFAULT));
            storage.openStudy(name, config.hash(), config.toYaml(), "{}");
            storage.recordCurve(name, Curve.STUDY, Curve.SUPERNET_LOSS, List.of(new Curve.Point(5, 2.2),
                    new Curve.Point(10, 1.7)));
            for (double accuracy : accuracies) {
                Architecture architecture = SPACE.architectureAt(storage.progress(name).trials());
                int number = storage.startTrial(name, architecture);
                storage.finishTrial(name, TrialResult.completed(number, architecture, new Metrics(accuracy, 0.1,
                        1.0, 100, 1000, Metrics.Method.ONE_SHOT), accuracy), 1, 0.1, JSON.createObjectNode(),
                        Optional.empty());
            }
            storage.recordCurve(name, 1, "val_accuracy", List.of(new Curve.Point(1, 0.5), new Curve.Point(2, 0.7)));
        }
    }

    /** The study file served read-only on a free loopback port, its feed polling every 200 ms. */
    private record Served(StudyStorage storage, DashboardServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            storage.close();
        }
    }

    private static Served serve(Path file) throws java.io.IOException {
        StudyStorage storage = SqliteStudyStorage.openReadOnly(file);
        try {
            return new Served(storage, DashboardServer.start(storage, "127.0.0.1", 0, Duration.ofMillis(200)));
        } catch (java.io.IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    private HttpResponse<String> get(DashboardServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.address().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(DashboardServer server, String path) throws Exception {
        HttpResponse<String> response = get(server, path);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void servesStudiesTrialsAndChartsAsJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "s", 30);
        try (Served served = serve(file)) {
            DashboardServer server = served.server();
            JsonNode studies = json(server, "api/studies");
            assertEquals(1, studies.size());
            assertEquals("s", studies.get(0).get("name").asText());
            assertEquals(31, studies.get(0).get("trials").asInt());
            assertEquals(30, studies.get(0).get("states").get("COMPLETE").asInt());
            assertEquals(1, studies.get(0).get("states").get("FAILED").asInt());
            assertEquals(29, studies.get(0).get("best").get("number").asInt(), "the highest reward");

            JsonNode page = json(server, "api/studies/s/trials?sort=reward&order=desc&offset=2&limit=5");
            assertEquals(31, page.get("total").asInt());
            assertEquals(List.of(27, 26, 25, 24, 23), numbers(page.get("trials")));
            JsonNode failed = json(server, "api/studies/s/trials?state=failed");
            assertEquals(1, failed.get("total").asInt());
            assertEquals("diverged: loss NaN", failed.get("trials").get(0).get("error").asText());

            JsonNode trial = json(server, "api/studies/s/trials/3");
            assertEquals("conv", trial.get("decisions").get("stage1.block").asText());
            assertEquals(3, trial.get("seed").asInt());
            assertTrue(trial.has("started") && trial.has("finished"));
            assertEquals("test cpu", trial.get("provenance").get("cpu").asText());

            JsonNode history = json(server, "api/studies/s/history");
            assertEquals(30, history.get("reward").size());
            for (int k = 1; k < 30; k++) {
                assertTrue(history.get("best").get(k).asDouble() >= history.get("best").get(k - 1).asDouble());
            }
            JsonNode pareto = json(server, "api/studies/s/pareto");
            assertEquals(30, pareto.get("points").size());
            // Latency cycles 1..7 ms and accuracy rises with the number: the front is the last trial of each
            // latency, each more accurate than every faster one.
            JsonNode front = pareto.get("front");
            for (int k = 1; k < front.size(); k++) {
                assertTrue(front.get(k).get("latency_ms").asDouble() > front.get(k - 1).get("latency_ms").asDouble());
                assertTrue(front.get(k).get("accuracy").asDouble() > front.get(k - 1).get("accuracy").asDouble());
            }
            assertEquals(29, front.get(front.size() - 1).get("number").asInt());
            assertEquals(0, json(server, "api/studies/s/probabilities").get("decisions").size());
            assertEquals(0, json(server, "api/studies/s/workers").get("workers").size());

            HttpResponse<String> page1 = get(server, "");
            assertEquals(200, page1.statusCode());
            assertTrue(page1.body().contains("/uPlot.js") && page1.body().contains("/app.js"));
            assertEquals(200, get(server, "uPlot.js").statusCode(), "the chart library is served from the jar");
        }
    }

    /**
     * A one-shot study: its supernet's loss curve as recorded, the candidates ranked by their one-shot accuracy, a
     * trial's own curves on its page; a new point of a curve is announced live like a trial.
     */
    @Test
    void aOneShotStudysSupernetLossRankingAndCurvesAreServedAndFollowedLive(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "search", 2);
        writeOneShotStudy(file, "os", 0.61, 0.74, 0.58, 0.74);
        try (Served served = serve(file)) {
            DashboardServer server = served.server();
            JsonNode studies = json(server, "api/studies");
            assertEquals("one-shot", studies.get(0).get("kind").asText(), "studies by name: os, search");
            assertEquals("search", studies.get(1).get("kind").asText());
            JsonNode supernet = json(server, "api/studies/os/supernet");
            assertEquals("[5,10]", supernet.get("loss").get("step").toString());
            assertEquals("[2.2,1.7]", supernet.get("loss").get("value").toString());
            assertEquals("[1,2,3,4]", supernet.get("ranking").get("rank").toString());
            assertEquals("[1,3,0,2]", supernet.get("ranking").get("number").toString(), "best first, ties by number");
            assertEquals("[0.74,0.74,0.61,0.58]", supernet.get("ranking").get("accuracy").toString());
            assertEquals("[1,2]", json(server, "api/studies/os/trials/1").get("curves").get("val_accuracy")
                    .get("step").toString());
            assertEquals(0, json(server, "api/studies/os/trials/0").get("curves").size());
            HttpResponse<String> none = get(server, "api/studies/search/supernet");
            assertEquals(404, none.statusCode());
            assertTrue(none.body().contains("trains every candidate"), none.body());

            BufferedReader lines = feed(server);
            CompletableFuture<String> change = firstData(lines);
            try (StudyStorage writer = SqliteStudyStorage.open(file)) {
                writer.recordCurve("os", Curve.STUDY, Curve.SUPERNET_LOSS, List.of(new Curve.Point(15, 1.4)));
            }
            assertEquals("os", JSON.readTree(change.get(2, TimeUnit.SECONDS)).get("study").asText());
            assertEquals(3, json(server, "api/studies/os/supernet").get("loss").get("step").size(),
                    "the new point is served");
            lines.close();
        }
    }

    /** The live feed of {@code server}, read past its first line. */
    private BufferedReader feed(DashboardServer server) throws Exception {
        HttpResponse<java.io.InputStream> feed = http.send(HttpRequest.newBuilder(server.address()
                .resolve("api/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", feed.headers().firstValue("Content-Type").orElse(""));
        BufferedReader lines = new BufferedReader(new InputStreamReader(feed.body(), StandardCharsets.UTF_8));
        assertEquals(": connected", lines.readLine(), "the feed says it listens before anything is written");
        return lines;
    }

    /** The data of the next event the feed sends. */
    private static CompletableFuture<String> firstData(BufferedReader lines) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data: ")) {
                        return line.substring("data: ".length());
                    }
                }
                return "the feed ended";
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
    }

    @Test
    void unknownPagesStudiesAndTrialsAre404sAndBadParameters400s(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "s", 3);
        try (Served served = serve(file)) {
            DashboardServer server = served.server();
            for (String path : List.of("nothing", "api/nothing", "api/studies/zzz", "api/studies/s/trials/99",
                    "api/studies/s/trials/x", "api/studies/s/sideways")) {
                HttpResponse<String> response = get(server, path);
                assertEquals(404, response.statusCode(), path);
                assertFalse(response.body().contains("Exception") || response.body().contains("\tat "), path);
            }
            assertTrue(get(server, "api/studies/zzz").body().contains("no study 'zzz'"));
            for (String path : List.of("api/studies/s/trials?sort=colour", "api/studies/s/trials?state=lost",
                    "api/studies/s/trials?limit=0", "api/studies/s/trials?limit=100000",
                    "api/studies/s/trials?order=up",
                    "api/studies/s/trials?offset=-1")) {
                assertEquals(400, get(server, path).statusCode(), path);
            }
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.address().resolve("api/studies"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void aTrialAddedElsewhereIsAnnouncedLiveAndTheFileIsNeverWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "s", 3);
        FileTime before = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        try (Served served = serve(file)) {
            DashboardServer server = served.server();
            json(server, "api/studies");
            json(server, "api/studies/s/trials");
            assertEquals(before, Files.getLastModifiedTime(file), "reading changed the study file");
            assertEquals(size, Files.size(file));

            BufferedReader lines = feed(server);
            BufferedReader second = feed(server); // a second page: the one poller serves both
            CompletableFuture<String> change = firstData(lines);
            CompletableFuture<String> secondChange = firstData(second);
            try (StudyStorage writer = SqliteStudyStorage.open(file)) {
                addTrial(writer, "s", 3);
            }
            JsonNode event = JSON.readTree(change.get(2, TimeUnit.SECONDS));
            assertEquals("s", event.get("study").asText());
            assertEquals(5, event.get("trials").asInt());
            assertEquals(event, JSON.readTree(secondChange.get(2, TimeUnit.SECONDS)));
            second.close();
            assertEquals(5, json(server, "api/studies/s").get("trials").asInt(), "the new trial is served");
            lines.close();
        }
    }

    /** Open pages share one poll of the storage: three feeds for a second cost what one does. */
    @Test
    void feedsShareOnePollOfTheStorage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "s", 1);
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        try (StudyStorage storage = SqliteStudyStorage.openReadOnly(file)) {
            StudyStorage counting = (StudyStorage) java.lang.reflect.Proxy.newProxyInstance(
                    StudyStorage.class.getClassLoader(), new Class<?>[] {StudyStorage.class}, (proxy, method, args) -> {
                        if (method.getName().equals("progress")) {
                            polls.incrementAndGet();
                        }
                        try {
                            return method.invoke(storage, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            try (DashboardServer server = DashboardServer.start(counting, "127.0.0.1", 0, Duration.ofMillis(100))) {
                List<BufferedReader> feeds = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    feeds.add(feed(server));
                }
                int before = polls.get();
                Thread.sleep(1000);
                int during = polls.get() - before;
                // One poller: about ten polls of the one study in a second; a poll per feed would make thirty.
                assertTrue(during >= 3 && during <= 15, during + " polls in a second");
                for (BufferedReader feed : feeds) {
                    feed.close();
                }
            }
        }
    }

    @Test
    void aSharedStudysWorkersShowWithTheirRunningTrialsAndHeartbeats(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "s", 2);
        try (StudyStorage writer = SqliteStudyStorage.open(file)) {
            writer.claimTrial("s", "host-a:17", new StudyStorage.LostWorkers(SPACE, Duration.ofMinutes(1), "lost"),
                    context -> new StudyStorage.Stepped<>(Optional.of(SPACE.architectureAt(5)),
                            JSON.createObjectNode()));
        }
        try (Served served = serve(file)) {
            DashboardServer server = served.server();
            JsonNode workers = json(server, "api/studies/s/workers").get("workers");
            assertEquals(1, workers.size(), "trials of one process name no worker");
            JsonNode worker = workers.get(0);
            assertEquals("host-a:17", worker.get("name").asText());
            assertEquals(3, worker.get("running").get(0).asInt());
            double age = worker.get("heartbeats").get("3").asDouble();
            assertTrue(age >= 0 && age < 60, "seconds since its heartbeat: " + age);
        }
    }

    @Test
    void aPageOpenedUnderAnotherHostNameIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        writeStudy(file, "s", 1);
        try (Served served = serve(file)) {
            DashboardServer server = served.server();
            assertEquals(403, rawStatus(server, "rebound.example:" + server.address().getPort()),
                    "a site pointing its own name at 127.0.0.1 reads nothing");
            assertEquals(200, rawStatus(server, "localhost:" + server.address().getPort()));
            assertEquals(200, rawStatus(server, "127.0.0.1:" + server.address().getPort()));
        }
    }

    /** The status of GET /api/studies sent with this Host header (which HttpClient does not let one set). */
    private static int rawStatus(DashboardServer server, String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            socket.getOutputStream().write(("GET /api/studies HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void studyNamesWithSlashesPercentsAndPlusesAreServed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        String name = "a/b 50%+c";
        writeStudy(file, name, 2);
        try (Served served = serve(file)) {
            DashboardServer server = served.server();
            String encoded = java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
            assertEquals(name, json(server, "api/studies/" + encoded).get("name").asText());
            assertEquals(3, json(server, "api/studies/" + encoded + "/trials").get("total").asInt());
            HttpResponse<String> missing = get(server, "%3Cscript%3E");
            assertEquals(404, missing.statusCode());
            assertFalse(missing.body().contains("<script>"), "the 404 page escapes what it repeats");
        }
    }

    private static List<Integer> numbers(JsonNode trials) {
        List<Integer> numbers = new ArrayList<>();
        trials.forEach(t -> numbers.add(t.get("number").asInt()));
        return numbers;
    }
}
