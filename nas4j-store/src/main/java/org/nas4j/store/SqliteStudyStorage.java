package org.nas4j.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
 *
 * <p>{@link #openReadOnly} opens a file only to read it, for a report or a retrain: it never writes to the file or
 * beside it, works in a folder the process cannot write, and refuses every write.
 */
public final class SqliteStudyStorage implements StudyStorage {
    /** The layout of the tables; a file of another version is refused rather than misread. */
    public static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUSY_TIMEOUT_MS = "30000";

    private final Path file;
    private final boolean readOnly;
    private Connection connection;
    /** For an immutable read-only connection: the file as it was when connected; null otherwise. */
    private FileSnapshot connectedTo;

    private SqliteStudyStorage(Path file, boolean readOnly) {
        this.file = file;
        this.readOnly = readOnly;
    }

    /** Opens the file, creating it and its tables when missing. */
    public static SqliteStudyStorage open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new StorageException("cannot open the study file " + file + ": " + e.getMessage(), e);
        }
        SqliteStudyStorage storage = new SqliteStudyStorage(file, false);
        return storage.connect("cannot open the study file ", () -> {
            Properties properties = new Properties();
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("busy_timeout", BUSY_TIMEOUT_MS);
            properties.setProperty("transaction_mode", "IMMEDIATE");
            properties.setProperty("foreign_keys", "true");
            storage.connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
            storage.createTables();
            return null;
        });
    }

    /**
     * Opens an existing study file only to read it. Nothing is written to the file or beside it, so it may be in a
     * folder the process cannot write; the write methods throw. A missing file is an error, not a new study file.
     */
    public static SqliteStudyStorage openReadOnly(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StorageException("there is no study file " + file + " (" + (Files.exists(file)
                    ? "it is not a file" : "it does not exist") + "): give the study file that './nas4j search' "
                    + "wrote; opening one to read never creates it");
        }
        SqliteStudyStorage storage = new SqliteStudyStorage(file, true);
        return storage.connect("cannot read the study file ", () -> {
            storage.connectReadOnly();
            return null;
        });
    }

    /** Connects and checks the schema version; on failure, closes what it opened. */
    private SqliteStudyStorage connect(String failure, Work<Void> connecting) {
        try {
            connecting.run();
            checkSchemaVersion();
            return this;
        } catch (SQLException e) {
            closeQuietly();
            throw new StorageException(failure + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Connects to read only. The file is in WAL mode, and SQLite reads a WAL database through its -shm index: an
     * ordinary read-only connection ({@code mode=ro}) creates the -shm and an empty -wal beside the file and leaves
     * them there, and fails in a folder it cannot write. But while no -wal exists no connection has the file open
     * (SQLite removes the log when the last one closes), so all of the study is in the file itself: then this
     * connects with {@code immutable=1}, which reads the file alone, takes no locks and creates nothing. When a
     * -wal exists, a worker is writing the study (or one crashed): then this connects with {@code mode=ro}, which
     * reads the transactions committed in the log through the -shm that is already there. An immutable connection
     * is made again when the file changes under it, as when a worker starts writing after it was opened.
     */
    private void connectReadOnly() throws SQLException {
        FileSnapshot snapshot = FileSnapshot.of(file);
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", BUSY_TIMEOUT_MS);
        connection = DriverManager.getConnection(readOnlyUrl(file, snapshot.log()), properties);
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT COUNT(*) FROM sqlite_master").close(); // SQLite opens the files lazily
        } catch (SQLException e) {
            if (!snapshot.log()) {
                throw e;
            }
            throw new SQLException("its write-ahead log " + walFile(file) + " is beside it (a worker is writing the "
                    + "study, or one stopped without closing it), and SQLite cannot read the log here ("
                    + e.getMessage() + "): open the study once to write, e.g. by resuming it, which folds the log into the file, or "
                    + "read a copy of the file and its -wal in a folder you can write", e.getSQLState(), e);
        }
        connectedTo = snapshot.log() ? null : snapshot;
    }

    /** The JDBC URL of a read-only connection to the file: immutable unless a write-ahead log is beside it. */
    static String readOnlyUrl(Path file, boolean log) {
        return "jdbc:sqlite:" + file.toAbsolutePath().toUri() + (log ? "?mode=ro" : "?mode=ro&immutable=1");
    }

    /** What an immutable connection relies on not to change: whether a -wal exists, the file's size and time. */
    private record FileSnapshot(boolean log, long size, FileTime modified) {
        static FileSnapshot of(Path file) {
            try {
                return new FileSnapshot(Files.exists(walFile(file)), Files.size(file),
                        Files.getLastModifiedTime(file));
            } catch (java.io.IOException e) {
                throw new StorageException("cannot read the study file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Where SQLite keeps the write-ahead log of the file. */
    static Path walFile(Path file) {
        return file.resolveSibling(file.getFileName() + "-wal");
    }

    /** Before a read on an immutable connection: connects again when the file has changed since. */
    private void reconnectIfChanged() throws SQLException {
        if (connectedTo != null && !connectedTo.equals(FileSnapshot.of(file))) {
            connection.close();
            connectReadOnly();
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
    }

    private void checkSchemaVersion() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery(
                     "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'nas4j_meta'")) {
            if (tables.getInt(1) == 0) {
                throw new StorageException(file + " is not a nas4j study file (it has no nas4j_meta table): give "
                        + "the study file that './nas4j search' wrote");
            }
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
        return read("the trials of study '" + study + "'", () -> {
            List<StoredTrial> trials = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT number, state, architecture, seed, metrics, reward, error, seconds, probabilities
                    FROM trials WHERE study = ? ORDER BY number""")) {
                select.setString(1, study);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        trials.add(storedTrial(rows, space));
                    }
                }
            }
            return trials;
        });
    }

    private static StoredTrial storedTrial(ResultSet row, SearchSpace space) throws SQLException {
        TrialState state = TrialState.valueOf(row.getString(2));
        Architecture architecture = space.parse(row.getString(3));
        String metrics = row.getString(5);
        double reward = row.getDouble(6);
        if (row.wasNull()) {
            reward = Double.NaN;
        }
        TrialResult result = new TrialResult(row.getInt(1), architecture, state,
                Optional.ofNullable(metrics).map(SqliteStudyStorage::parseMetrics), reward,
                Optional.ofNullable(row.getString(7)));
        return new StoredTrial(result, row.getLong(4), row.getDouble(8),
                Optional.ofNullable(row.getString(9)).map(SqliteStudyStorage::parseProbabilities));
    }

    @Override
    public synchronized Optional<JsonNode> strategyState(String study) {
        Optional<String> saved = read("the strategy state of study '" + study + "'", () -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT strategy_state FROM studies WHERE name = ?")) {
                select.setString(1, study);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
        try {
            return saved.isEmpty() ? Optional.empty() : Optional.of(JSON.readTree(saved.get()));
        } catch (JsonProcessingException e) {
            throw new StorageException("the strategy state of study '" + study + "' in " + file + " is not JSON: "
                    + e.getOriginalMessage(), e);
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

    @Override
    public synchronized List<StudyInfo> studies() {
        return read("the studies", () -> {
            List<StudyInfo> studies = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT name, config_hash, config, provenance, created FROM studies ORDER BY name")) {
                while (rows.next()) {
                    studies.add(new StudyInfo(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5)));
                }
            }
            return studies;
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // Already failing to open: the reason it failed is what the caller needs.
        }
    }

    /** Work on the connection. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T read(String what, Work<T> work) {
        try {
            reconnectIfChanged();
            return work.run();
        } catch (SQLException e) {
            throw new StorageException("cannot read " + what + " from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes in one transaction; the one place that refuses writes to a file opened read-only. */
    private <T> T inTransaction(Work<T> work) {
        if (readOnly) {
            throw new StorageException("the study file " + file + " was opened read-only (to read a study, as "
                    + "report and retrain do): it records no trials or states; open it with "
                    + "SqliteStudyStorage.open to run the study");
        }
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
        // Absent means trained, as in files written before one-shot scoring.
        if (metrics.isOneShot()) {
            node.put("method", metrics.method().text());
        }
        return node.toString();
    }

    static Metrics parseMetrics(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new Metrics(node.get("accuracy").doubleValue(), node.get("cost_seconds").doubleValue(),
                    node.path("latency_ms").asDouble(Double.NaN), node.path("parameters").asLong(-1),
                    node.path("flops").asLong(-1), Metrics.Method.fromText(node.path("method").asText("trained")));
        } catch (JsonProcessingException e) {
            throw new StorageException("stored metrics are not JSON: " + json, e);
        }
    }
}
