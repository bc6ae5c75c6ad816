package org.nas4j.bench.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands;
import org.nas4j.cli.Commands.Outcome;
import org.nas4j.study.StudyWorker;

/**
 * Workers as users start them: separate JVMs running {@code nas4j worker} on one study (the NAS-Bench-201 table,
 * about a third of a second per query), one of them killed with {@code kill -9} while it holds a trial.
 */
class WorkerProcessesTest {
    private static final int TRIALS = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One row of the trials table, as compared before and after. */
    private record Row(int number, String state, String architecture, Long seed, Double reward, String error,
                       String finished) {
    }

    @Test
    void threeWorkersShareOneStudyAndAKilledOnesTrialRunsAgain(@TempDir Path dir) throws Exception {
        Path config = writeConfig(dir);
        Path db = dir.resolve("study.db");
        List<Process> workers = new ArrayList<>();
        try {
            for (int k = 0; k < 3; k++) {
                workers.add(worker(config, db, "w" + k, dir.resolve("w" + k + ".log")));
            }
            waitForRunningTrial(db, "w1", Duration.ofSeconds(60));
            workers.get(1).destroyForcibly(); // SIGKILL: no hook runs; its trial stays RUNNING until found stale
            workers.get(1).waitFor(10, TimeUnit.SECONDS);
            // Read after the kill: the trial the dead worker holds, and every trial finished so far.
            int held = runningTrialOf(db, "w1").orElseThrow(() -> new AssertionError("w1 held no trial"));
            Map<Integer, Row> before = rows(db);
            for (int k : new int[] {0, 2}) {
                assertTrue(workers.get(k).waitFor(120, TimeUnit.SECONDS), "worker " + k + " did not finish");
                assertEquals(0, workers.get(k).exitValue(), Files.readString(dir.resolve("w" + k + ".log")));
            }

            Map<Integer, Row> after = rows(db);
            for (Row row : before.values()) {
                if (!row.state().equals("RUNNING")) {
                    assertEquals(row, after.get(row.number()), "a finished trial changed");
                }
            }
            Row lost = after.get(held);
            assertEquals("FAILED", lost.state());
            assertEquals(StudyWorker.LOST, lost.error());
            // Evolution skips architectures it has proposed (skip_seen), so the same one again is the retry.
            String proposed = proposedBy(db, held);
            assertEquals(1, after.values().stream().filter(r -> r.number() > held && r.state().equals("COMPLETE")
                    && sameArchitecture(r.architecture(), proposed)).count(), "the lost trial's proposal ran again");
            List<Row> complete = after.values().stream().filter(r -> r.state().equals("COMPLETE")).toList();
            assertEquals(TRIALS, complete.size(), "every counted trial of the table completes, and no more run");
            assertEquals(TRIALS, complete.stream().map(Row::seed).distinct().count(),
                    "each budget slot (and its seed) ran to the end once");
            assertTrue(after.values().stream().noneMatch(r -> r.state().equals("RUNNING")));

            // The strategy's state matches the results: every counted trial told once, each proposal asked once
            // (the lost one ran again without a new ask), and the population is the last ten results to arrive.
            JsonNode state = JSON.readTree(sharedState(db));
            JsonNode evolution = state.path("strategy");
            assertEquals(TRIALS, evolution.path("told").asInt());
            assertEquals(TRIALS, evolution.path("asked").asInt());
            assertEquals(0, state.path("running").size());
            List<Row> byArrival = complete.stream().sorted(Comparator.comparing(r -> Instant.parse(r.finished())))
                    .toList();
            List<Double> expected = byArrival.subList(byArrival.size() - 10, byArrival.size()).stream()
                    .map(Row::reward).toList();
            List<Double> population = new ArrayList<>();
            evolution.path("population").forEach(member -> population.add(member.path("reward").asDouble()));
            assertEquals(expected, population);
        } finally {
            workers.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aStoppedWorkerHandsItsTrialBack(@TempDir Path dir) throws Exception {
        Path config = writeConfig(dir);
        Path db = dir.resolve("study.db");
        Path log = dir.resolve("w0.log");
        Process worker = worker(config, db, "w0", log);
        try {
            waitForRunningTrial(db, "w0", Duration.ofSeconds(60));
            worker.destroy(); // SIGTERM
            assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
        } finally {
            worker.destroyForcibly();
        }
        Matcher said = Pattern.compile("stopped: trial (\\d+) handed back").matcher(Files.readString(log));
        assertTrue(said.find(), Files.readString(log));
        int handedBack = Integer.parseInt(said.group(1));
        Row row = rows(db).get(handedBack);
        assertEquals("FAILED", row.state());
        assertEquals(StudyWorker.HANDED_BACK, row.error());

        Outcome resumed = Commands.run("worker", config.toString(), "--storage", db.toString(), "--trials", "3",
                "--json");
        assertEquals(0, resumed.exitCode(), resumed.err());
        String proposed = proposedBy(db, handedBack);
        assertTrue(rows(db).values().stream().anyMatch(r -> r.number() > handedBack && r.state().equals("COMPLETE")
                && sameArchitecture(r.architecture(), proposed)), "the handed-back proposal ran again");
    }

    @Test
    void badStorageAndChangedConfigsExitWith2AndWriteNothing(@TempDir Path dir) throws Exception {
        Path config = writeConfig(dir);
        Set<Path> files = listing(dir);
        Outcome unreachable = Commands.run("worker", config.toString(), "--storage",
                "postgresql://127.0.0.1:1/nas4j?user=nas4j");
        assertEquals(2, unreachable.exitCode(), unreachable.err());
        assertTrue(unreachable.err().contains("127.0.0.1:1"), unreachable.err());
        assertFalse(unreachable.err().contains("\tat "), unreachable.err());

        Outcome password = Commands.run("worker", config.toString(), "--storage",
                "postgresql://127.0.0.1/nas4j?user=nas4j&password=secret");
        assertEquals(2, password.exitCode());
        assertFalse(password.err().contains("secret"), password.err());
        assertTrue(password.err().contains("NAS4J_STORAGE_PASSWORD"), password.err());

        Outcome otherDatabase = Commands.run("worker", config.toString(), "--storage",
                "mysql://db/nas4j");
        assertEquals(2, otherDatabase.exitCode());
        assertTrue(otherDatabase.err().contains("is not a storage nas4j knows"), otherDatabase.err());
        assertEquals(files, listing(dir), "nothing written");

        Path db = dir.resolve("study.db");
        Outcome first = Commands.run("worker", config.toString(), "--storage", db.toString(), "--trials", "2");
        assertEquals(0, first.exitCode(), first.err());
        Map<Integer, Row> rows = rows(db);
        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(config).replace("population: 10", "population: 8"));
        Outcome refused = Commands.run("worker", changed.toString(), "--storage", db.toString(), "--trials", "4");
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("another config"), refused.err());
        assertEquals(rows, rows(db), "nothing written");

        Outcome oneProcess = Commands.run("search", config.toString(), "--out", dir.resolve("one").toString(),
                "--trials", "2");
        assertEquals(0, oneProcess.exitCode(), oneProcess.err());
        Outcome joined = Commands.run("worker", config.toString(), "--storage",
                dir.resolve("one").resolve("study.db").toString());
        assertEquals(2, joined.exitCode(), joined.err());
        assertTrue(joined.err().contains("start a new study for workers"), joined.err());
        Outcome resumed = Commands.run("search", config.toString(), "--out", dir.toString(), "--resume");
        assertEquals(2, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("the study is shared by workers"), resumed.err());
    }

    private static Set<Path> listing(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            return paths.collect(Collectors.toSet());
        }
    }

    /** The example study with short heartbeats and sleeps, so that a test runs in seconds. */
    private static Path writeConfig(Path dir) throws IOException {
        String example = Files.readString(Path.of("..", "examples", "nb201-workers.yaml"));
        String fast = example.replace("trials: 60", "trials: " + TRIALS).replace("sleep: 0.005", "sleep: 0.0015")
                .replace("heartbeat_seconds: 2", "heartbeat_seconds: 1")
                .replace("grace_seconds: 6", "grace_seconds: 4"); // the grace a loaded 2-core machine needs
        Path config = dir.resolve("workers.yaml");
        Files.writeString(config, fast);
        return config;
    }

    private static Process worker(Path config, Path db, String name, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                "org.nas4j.cli.Main", "worker", config.toString(), "--storage", db.toString(), "--name", name)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void waitForRunningTrial(Path db, String worker, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (runningTrialOf(db, worker).isPresent()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(worker + " held no trial within " + limit);
    }

    /** The trial {@code worker} holds as RUNNING (its newest, should it hold several). */
    private static Optional<Integer> runningTrialOf(Path db, String worker) throws Exception {
        if (!Files.exists(db) || !tablesMade(db)) {
            return Optional.empty();
        }
        return query(db, "SELECT MAX(t.number) FROM trials t JOIN trial_claims c ON c.study = t.study AND "
                + "c.number = t.number WHERE t.state = 'RUNNING' AND c.worker = '" + worker + "'", rs -> {
                    int number = rs.next() ? rs.getInt(1) : 0;
                    return rs.wasNull() ? Optional.empty() : Optional.of(number);
                });
    }

    private static boolean tablesMade(Path db) throws Exception {
        return query(db, "SELECT count(*) FROM sqlite_master WHERE name = 'trial_claims'", rs -> rs.next()
                && rs.getInt(1) == 1);
    }

    private static Map<Integer, Row> rows(Path db) throws Exception {
        return query(db, "SELECT number, state, architecture, seed, reward, error, finished FROM trials "
                + "ORDER BY number", rs -> {
                    Map<Integer, Row> rows = new LinkedHashMap<>();
                    while (rs.next()) {
                        long seed = rs.getLong(4);
                        Long seedOrNull = rs.wasNull() ? null : seed;
                        double reward = rs.getDouble(5);
                        rows.put(rs.getInt(1), new Row(rs.getInt(1), rs.getString(2), rs.getString(3), seedOrNull,
                                rs.wasNull() ? null : reward, rs.getString(6), rs.getString(7)));
                    }
                    return rows;
                });
    }

    private static String proposedBy(Path db, int number) throws Exception {
        return query(db, "SELECT proposed FROM trial_claims WHERE number = " + number, rs -> {
            assertTrue(rs.next(), "trial " + number + " was claimed");
            return rs.getString(1);
        });
    }

    private static String sharedState(Path db) throws Exception {
        return query(db, "SELECT strategy_state FROM studies", rs -> {
            assertTrue(rs.next());
            return rs.getString(1);
        });
    }

    /** Whether a trial's architecture (canonical text) is the one a claim proposed (JSON, in the space's order). */
    private static boolean sameArchitecture(String canonical, String proposed) {
        try {
            List<String> choices = new ArrayList<>();
            JSON.readTree(proposed).fields().forEachRemaining(e -> choices.add(e.getKey() + "=" + e.getValue()
                    .asText()));
            return canonical.equals(String.join(",", choices));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private interface Reading<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T query(Path db, String sql, Reading<T> reading) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db + "?open_mode=1");
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(30);
            try (ResultSet rs = statement.executeQuery(sql)) {
                return reading.read(rs);
            }
        }
    }
}
