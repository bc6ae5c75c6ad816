package org.nas4j.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.nas4j.eval.Metrics;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/**
 * A {@link StudyStorage} in one SQLite file. The file may hold several studies and may be shared by worker
 * processes on one machine: writes take SQLite's write lock at the start of each transaction (IMMEDIATE), the
 * journal is a write-ahead log, and a busy writer is waited for rather than failed.
 */
public final class SqliteStudyStorage implements StudyStorage {
    /** The layout of the tables; a file of another version is refused rather than misread. */
    public static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Connection connection;

    private SqliteStudyStorage(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens the file, creating it and its tables when missing. */
    public static SqliteStudyStorage open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Properties properties = new Properties();
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("busy_timeout", "30000");
            properties.setProperty("transaction_mode", "IMMEDIATE");
            properties.setProperty("foreign_keys", "true");
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
            SqliteStudyStorage storage = new SqliteStudyStorage(file, connection);
            storage.createTables();
            return storage;
        } catch (SQLException | java.io.IOException e) {
            throw new StorageException("cannot open the study file " + file + ": " + e.getMessage(), e);
        }
    }

    private void createTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS nas4j_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            statement.execute("INSERT OR IGNORE INTO nas4j_meta VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS studies (
                      name TEXT PRIMARY KEY, config_hash TEXT NOT NULL, config TEXT NOT NULL,
                      provenance TEXT NOT NULL, created TEXT NOT NULL,
                      strategy_state TEXT, state_after_trial INTEGER)""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS trials (
                      study TEXT NOT NULL REFERENCES studies(name), number INTEGER NOT NULL,
                      state TEXT NOT NULL, architecture TEXT NOT NULL, seed INTEGER,
                      metrics TEXT, reward REAL, error TEXT, seconds REAL, probabilities TEXT,
                      started TEXT NOT NULL, finished TEXT,
                      PRIMARY KEY (study, number))""");
        }
        try (Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery(
                     "SELECT value FROM nas4j_meta WHERE key = 'schema_version'")) {
            int found = version.next() ? Integer.parseInt(version.getString(1)) : -1;
            if (found != SCHEMA_VERSION) {
                throw new StorageException(file + " has study schema version " + found + "; this nas4j reads version "
                        + SCHEMA_VERSION + ": use the nas4j version that wrote it, or a new study file");
            }
        }
    }

    @Override
    public synchronized void openStudy(String study, String configHash, String config, String provenance) {
        inTransaction(() -> {
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT config_hash FROM studies WHERE name = ?")) {
                find.setString(1, study);
                try (ResultSet existing = find.executeQuery()) {
                    if (existing.next()) {
                        if (!existing.getString(1).equals(configHash)) {
                            throw new StorageException("study '" + study + "' in " + file + " was started with "
                                    + "another config (hash " + existing.getString(1) + ", now " + configHash
                                    + "): resume it with its own config, or start a new study");
                        }
                        return null;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO studies (name, config_hash, config, provenance, created) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, study);
                insert.setString(2, configHash);
                insert.setString(3, config);
                insert.setString(4, provenance);
                insert.setString(5, Instant.now().toString());
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized int startTrial(String study, Architecture architecture) {
        return inTransaction(() -> {
            int number;
            try (PreparedStatement next = connection.prepareStatement(
                    "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study = ?")) {
                next.setString(1, study);
                try (ResultSet result = next.executeQuery()) {
                    result.next();
                    number = result.getInt(1);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO trials (study, number, state, architecture, started) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, study);
                insert.setInt(2, number);
                insert.setString(3, TrialState.RUNNING.name());
                insert.setString(4, architecture.canonicalString());
                insert.setString(5, Instant.now().toString());
                insert.executeUpdate();
            }
            return number;
        });
    }

    @Override
    public synchronized void finishTrial(String study, TrialResult result, long seed, double seconds,
                                         ObjectNode strategyState, Optional<List<double[]>> choiceProbabilities) {
        inTransaction(() -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE trials SET state = ?, seed = ?, metrics = ?, reward = ?, error = ?, seconds = ?,
                      finished = ?, probabilities = ? WHERE study = ? AND number = ? AND state = 'RUNNING'""")) {
                update.setString(1, result.state().name());
                update.setLong(2, seed);
                update.setString(3, result.metrics().map(SqliteStudyStorage::metricsJson).orElse(null));
                if (Double.isFinite(result.reward())) {
                    update.setDouble(4, result.reward());
                } else {
                    update.setNull(4, java.sql.Types.REAL);
                }
                update.setString(5, result.error().orElse(null));
                update.setDouble(6, seconds);
                update.setString(7, Instant.now().toString());
                update.setString(8, choiceProbabilities.map(SqliteStudyStorage::probabilitiesJson).orElse(null));
                update.setString(9, study);
                update.setInt(10, result.number());
                if (update.executeUpdate() != 1) {
                    throw new StorageException("trial " + result.number() + " of study '" + study
                            + "' is not running: a finished trial never changes");
                }
            }
            try (PreparedStatement state = connection.prepareStatement(
                    "UPDATE studies SET strategy_state = ?, state_after_trial = ? WHERE name = ?")) {
                state.setString(1, strategyState.toString());
                state.setInt(2, result.number());
                state.setString(3, study);
                state.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized List<StoredTrial> trials(String study, SearchSpace space) {
        List<StoredTrial> trials = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT number, state, architecture, seed, metrics, reward, error, seconds, probabilities FROM trials
                WHERE study = ? ORDER BY number""")) {
            select.setString(1, study);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    TrialState state = TrialState.valueOf(rows.getString(2));
                    Architecture architecture = space.parse(rows.getString(3));
                    String metrics = rows.getString(5);
                    double reward = rows.getDouble(6);
                    if (rows.wasNull()) {
                        reward = Double.NaN;
                    }
                    TrialResult result = new TrialResult(rows.getInt(1), architecture, state,
                            Optional.ofNullable(metrics).map(SqliteStudyStorage::parseMetrics), reward,
                            Optional.ofNullable(rows.getString(7)));
                    trials.add(new StoredTrial(result, rows.getLong(4), rows.getDouble(8),
                            Optional.ofNullable(rows.getString(9)).map(SqliteStudyStorage::parseProbabilities)));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot read the trials of study '" + study + "' from " + file + ": "
                    + e.getMessage(), e);
        }
        return trials;
    }

    @Override
    public synchronized Optional<JsonNode> strategyState(String study) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT strategy_state FROM studies WHERE name = ?")) {
            select.setString(1, study);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getString(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(JSON.readTree(row.getString(1)));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StorageException("cannot read the strategy state of study '" + study + "' from " + file
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Integer> failRunning(String study, String reason) {
        return inTransaction(() -> {
            List<Integer> numbers = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT number FROM trials WHERE study = ? AND state = 'RUNNING' ORDER BY number")) {
                select.setString(1, study);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        numbers.add(rows.getInt(1));
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE trials SET state = 'FAILED', error = ?, finished = ?
                    WHERE study = ? AND state = 'RUNNING'""")) {
                update.setString(1, reason);
                update.setString(2, Instant.now().toString());
                update.setString(3, study);
                update.executeUpdate();
            }
            return numbers;
        });
    }

    /** A study held in the file: its name and what it was started with. */
    public record StudyInfo(String name, String configHash, String config, String provenance, String created) {
    }

    /** The studies in this file, oldest first. */
    public synchronized List<StudyInfo> studies() {
        List<StudyInfo> studies = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT name, config_hash, config, provenance, created FROM studies ORDER BY created, name")) {
            while (rows.next()) {
                studies.add(new StudyInfo(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5)));
            }
        } catch (SQLException e) {
            throw new StorageException("cannot list the studies in " + file + ": " + e.getMessage(), e);
        }
        return studies;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    /** Work inside one transaction. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("study file " + file + ": " + e.getMessage(), e);
        }
    }

    static String probabilitiesJson(List<double[]> probabilities) {
        com.fasterxml.jackson.databind.node.ArrayNode decisions = JSON.createArrayNode();
        for (double[] p : probabilities) {
            com.fasterxml.jackson.databind.node.ArrayNode options = decisions.addArray();
            for (double value : p) {
                options.add(value);
            }
        }
        return decisions.toString();
    }

    static List<double[]> parseProbabilities(String json) {
        try {
            List<double[]> result = new ArrayList<>();
            for (JsonNode decision : JSON.readTree(json)) {
                double[] p = new double[decision.size()];
                for (int k = 0; k < p.length; k++) {
                    p[k] = decision.get(k).doubleValue();
                }
                result.add(p);
            }
            return result;
        } catch (JsonProcessingException e) {
            throw new StorageException("stored probabilities are not JSON: " + json, e);
        }
    }

    static String metricsJson(Metrics metrics) {
        ObjectNode node = JSON.createObjectNode();
        node.put("accuracy", metrics.accuracy());
        node.put("cost_seconds", metrics.costSeconds());
        if (metrics.hasLatency()) {
            node.put("latency_ms", metrics.latencyMs());
        }
        if (metrics.parameters() >= 0) {
            node.put("parameters", metrics.parameters());
        }
        if (metrics.flops() >= 0) {
            node.put("flops", metrics.flops());
        }
        return node.toString();
    }

    static Metrics parseMetrics(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new Metrics(node.get("accuracy").doubleValue(), node.get("cost_seconds").doubleValue(),
                    node.path("latency_ms").asDouble(Double.NaN), node.path("parameters").asLong(-1),
                    node.path("flops").asLong(-1));
        } catch (JsonProcessingException e) {
            throw new StorageException("stored metrics are not JSON: " + json, e);
        }
    }
}
