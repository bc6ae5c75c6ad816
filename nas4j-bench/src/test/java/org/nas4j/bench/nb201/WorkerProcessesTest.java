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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
    private record Row(int number, String state, String architecture, Double reward, String error, String finished) {
    }

    @Test
    void threeWorkersShareOneStudyAndAKilledOnesTrialRunsAgain(@TempDir Path dir) throws Exception {
        Path config = writeConfig(dir, 0.5, 1.5);
        Path db = dir.resolve("study.db");
        List<Process> workers = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            workers.add(worker(config, db, "w" + k, dir.resolve("w" + k + ".log")));
        }
        Process victim = workers.get(1);
        int held = waitForRunningTrial(db, "w1", Duration.ofSeconds(60));
        Map<Integer, Row> before = rows(db);
        victim.destroyForcibly(); // SIGKILL: no hook runs, the trial stays RUNNING until its heartbeat is stale
        victim.waitFor(10, TimeUnit.SECONDS);
        for (Process worker : List.of(workers.get(0), workers.get(2))) {
            assertTrue(worker.waitFor(120, TimeUnit.SECONDS), "a worker did not finish");
            assertEquals(0, worker.exitValue(), Files.readString(dir.resolve(
                    (worker == workers.get(0) ? "w0" : "w2") + ".log")));
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
        String proposed = proposedBy(db, held);
        assertTrue(after.values().stream().anyMatch(r -> r.number() > held && r.state().equals("COMPLETE")
                        && sameArchitecture(r.architecture(), proposed)),
                "the lost trial's architecture ran again");
        long complete = after.values().stream().filter(r -> r.state().equals("COMPLETE")).count();
        assertEquals(TRIALS, complete, "every counted trial of the table completes, and no more run");
        assertTrue(after.values().stream().noneMatch(r -> r.state().equals("RUNNING")));
        assertEquals(after.size(), new HashSet<>(after.keySet()).size());

        // The strategy's state matches the results: every counted trial told once, each proposal asked once
        // (the lost one's ran again without a new ask), and the population is the last ten results to arrive.
        JsonNode state = JSON.readTree(sharedState(db));
        JsonNode evolution = state.path("strategy");
        assertEquals(TRIALS, evolution.path("told").asInt());
        assertEquals(TRIALS, evolution.path("asked").asInt());
        assertEquals(0, state.path("running").size());
        List<Row> byArrival = after.values().stream().filter(r -> r.state().equals("COMPLETE"))
                .sorted(java.util.Comparator.comparing(Row::finished)).toList();
        List<Row> lastTen = byArrival.subList(byArrival.size() - 10, byArrival.size());
        List<Double> expected = lastTen.stream().map(Row::reward).toList();
        List<Double> population = new ArrayList<>();
        evolution.path("population").forEach(member -> population.add(member.path("reward").asDouble()));
        assertEquals(expected, population);
    }

    @Test
    void aStoppedWorkerHandsItsTrialBack(@TempDir Path dir) throws Exception {
        Path config = writeConfig(dir, 0.5, 1.5);
        Path db = dir.resolve("study.db");
        Process worker = worker(config, db, "w0", dir.resolve("w0.log"));
        int held = waitForRunningTrial(db, "w0", Duration.ofSeconds(60));
        worker.destroy(); // SIGTERM
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
        Row row = rows(db).get(held);
        assertEquals("FAILED", row.state(), Files.readString(dir.resolve("w0.log")));
        assertEquals(StudyWorker.HANDED_BACK, row.error());
        assertTrue(Files.readString(dir.resolve("w0.log")).contains("trial " + held + " handed back"));

        Outcome resumed = Commands.run("worker", config.toString(), "--storage", db.toString(), "--trials", "3",
                "--json");
        assertEquals(0, resumed.exitCode(), resumed.err());
        Map<Integer, Row> after = rows(db);
        String proposed = proposedBy(db, held);
        assertTrue(after.values().stream().anyMatch(r -> r.number() > held && r.state().equals("COMPLETE")
                && sameArchitecture(r.architecture(), proposed)), "the handed-back proposal ran again");
    }

    @Test
    void badStorageAndChangedConfigsExitWith2AndWriteNothing(@TempDir Path dir) throws Exception {
        Path config = writeConfig(dir, 0.5, 1.5);
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
    }

    /** The example study with short heartbeats and sleeps, so that a test runs in seconds. */
    private static Path writeConfig(Path dir, double heartbeat, double grace) throws IOException {
        String example = Files.readString(Path.of("..", "examples", "nb201-workers.yaml"));
        String fast = example.replace("trials: 60", "trials: " + TRIALS).replace("sleep: 0.005", "sleep: 0.0015")
                .replace("heartbeat_seconds: 2", "heartbeat_seconds: " + heartbeat)
                .replace("grace_seconds: 6", "grace_seconds: " + grace);
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

    private static int waitForRunningTrial(Path db, String worker, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(db) && tablesMade(db)) {
                Optional<Integer> held = query(db, "SELECT t.number FROM trials t JOIN trial_claims c ON "
                        + "c.study = t.study AND c.number = t.number WHERE t.state = 'RUNNING' AND c.worker = '"
                        + worker + "'", rs -> rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty());
                if (held.isPresent()) {
                    return held.get();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(worker + " held no trial within " + limit);
    }

    private static boolean tablesMade(Path db) throws Exception {
        return query(db, "SELECT count(*) FROM sqlite_master WHERE name = 'trial_claims'", rs -> rs.next()
                && rs.getInt(1) == 1);
    }

    private static Map<Integer, Row> rows(Path db) throws Exception {
        return query(db, "SELECT number, state, architecture, reward, error, finished FROM trials ORDER BY number",
                rs -> {
                    Map<Integer, Row> rows = new LinkedHashMap<>();
                    while (rs.next()) {
                        double reward = rs.getDouble(4);
                        rows.put(rs.getInt(1), new Row(rs.getInt(1), rs.getString(2), rs.getString(3),
                                rs.wasNull() ? null : reward, rs.getString(5), rs.getString(6)));
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
