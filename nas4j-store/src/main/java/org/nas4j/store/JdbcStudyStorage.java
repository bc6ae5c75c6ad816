package org.nas4j.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nas4j.eval.Metrics;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;

/**
 * The {@link StudyStorage} contract in SQL, shared by the SQLite file and the PostgreSQL database: both keep the
 * same tables ({@code studies}, {@code trials}, {@code trial_claims} of workers, {@code curves}) and a
 * {@code nas4j_meta} table with the schema version. A
 * backend says how to reach a connection, how to run a transaction, and how to hold one study still while a trial
 * number is handed out.
 */
abstract class JdbcStudyStorage implements StudyStorage {
    /** The tables added since version 2 that are known to exist (see {@link #hasTable}). */
    private final java.util.Set<String> tablesFound = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static final ObjectMapper JSON = new ObjectMapper();

    /** Work on a connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** What the storage is, for messages: "the study file runs/x/study.db", "the PostgreSQL database ...". */
    abstract String describe();

    /** Runs {@code work} to read; failures become {@link StorageException}s that name {@code what}. */
    abstract <T> T read(String what, Work<T> work);

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws; the one place
     * that refuses writes to a storage opened only to read.
     */
    abstract <T> T inTransaction(Work<T> work);

    /** Runs {@code work} as one transaction on {@code connection}: committed when it returns, else rolled back. */
    static <T> T committed(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            T result = work.run(connection);
            connection.commit();
            committed = true;
            return result;
        } finally {
            // Rolled back whatever was thrown, an Error too: turning auto-commit back on would commit the rest.
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        }
    }

    /**
     * Within a transaction, keeps other transactions from handing out a trial number of {@code study} until this
     * one ends. SQLite needs nothing here: its write transactions run one at a time.
     */
    void lockStudy(Connection connection, String study) throws SQLException {
    }

    /** Whether the database holds nas4j's tables at all (it has the {@code nas4j_meta} table). */
    abstract boolean hasMetaTable(Connection connection) throws SQLException;

    /** The refusal of a database without nas4j's tables, saying what to give instead. */
    abstract StorageException notNas4j();

    /** The schema version this nas4j writes and reads. */
    abstract int schemaVersion();

    /** Refuses a database that is not nas4j's, or whose tables are of another version than this nas4j's. */
    final void checkSchemaVersion(Connection connection) throws SQLException {
        if (!hasMetaTable(connection)) {
            throw notNas4j();
        }
        try (Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery(
                     "SELECT value FROM nas4j_meta WHERE key = 'schema_version'")) {
            int found = version.next() ? Integer.parseInt(version.getString(1)) : -1;
            if (found > schemaVersion()) {
                throw new StorageException(describe() + " has study schema version " + found + ", written by a newer "
                        + "nas4j; this one reads version " + schemaVersion() + ": run the newer nas4j on it, or "
                        + "give another storage");
            }
            if (found != schemaVersion()) {
                throw new StorageException(describe() + " has study schema version " + found + "; this nas4j reads "
                        + "version " + schemaVersion() + ": use the nas4j version that wrote it, or another storage");
            }
        }
    }

    @Override
    public synchronized void openStudy(String study, String configHash, String config, String provenance) {
        inTransaction(connection -> {
            lockStudy(connection, study);
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT config_hash FROM studies WHERE name = ?")) {
                find.setString(1, study);
                try (ResultSet existing = find.executeQuery()) {
                    if (existing.next()) {
                        if (!existing.getString(1).equals(configHash)) {
                            throw new StorageException("study '" + study + "' in " + describe() + " was started "
                                    + "with another config (hash " + existing.getString(1) + ", now " + configHash
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
        return inTransaction(connection -> {
            lockStudy(connection, study);
            return insertRunning(connection, study, architecture);
        });
    }

    /** Records the next trial of the study as RUNNING and returns its number; the study must be locked. */
    private static int insertRunning(Connection connection, String study, Architecture architecture)
            throws SQLException {
        int number = nextNumber(connection, study);
        insertRunning(connection, study, number, architecture);
        return number;
    }

    /** The number the study's next trial gets; the study must be locked. */
    private static int nextNumber(Connection connection, String study) throws SQLException {
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study = ?")) {
            next.setString(1, study);
            try (ResultSet result = next.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static void insertRunning(Connection connection, String study, int number, Architecture architecture)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO trials (study, number, state, architecture, started) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, study);
            insert.setInt(2, number);
            insert.setString(3, TrialState.RUNNING.name());
            insert.setString(4, architecture.canonicalString());
            insert.setString(5, Instant.now().toString());
            insert.executeUpdate();
        }
    }

    @Override
    public synchronized void finishTrial(String study, TrialResult result, long seed, double seconds,
                                         ObjectNode strategyState, Optional<List<double[]>> choiceProbabilities) {
        inTransaction(connection -> {
            recordEnd(connection, study, result, seed, seconds, choiceProbabilities);
            saveState(connection, study, strategyState, result.number());
            return null;
        });
    }

    /** Records how a running trial ended; a trial not running is an error. */
    private void recordEnd(Connection connection, String study, TrialResult result, long seed, double seconds,
                           Optional<List<double[]>> choiceProbabilities) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE trials SET state = ?, seed = ?, metrics = ?, reward = ?, error = ?, seconds = ?,
                  finished = ?, probabilities = ? WHERE study = ? AND number = ? AND state = 'RUNNING'""")) {
            update.setString(1, result.state().name());
            update.setLong(2, seed);
            update.setString(3, result.metrics().map(JdbcStudyStorage::metricsJson).orElse(null));
            if (Double.isFinite(result.reward())) {
                update.setDouble(4, result.reward());
            } else {
                update.setNull(4, Types.DOUBLE);
            }
            update.setString(5, result.error().orElse(null));
            update.setDouble(6, seconds);
            update.setString(7, Instant.now().toString());
            update.setString(8, choiceProbabilities.map(JdbcStudyStorage::probabilitiesJson).orElse(null));
            update.setString(9, study);
            update.setInt(10, result.number());
            if (update.executeUpdate() != 1) {
                throw new StorageException("trial " + result.number() + " of study '" + study
                        + "' is not running: a finished trial never changes (a trial whose worker was taken for "
                        + "lost was failed by another worker)");
            }
        }
    }

    /** Saves the strategy state, as it was after hearing of trial {@code after} (-1: after a claim). */
    private static void saveState(Connection connection, String study, ObjectNode strategyState, int after)
            throws SQLException {
        try (PreparedStatement state = connection.prepareStatement(after >= 0
                ? "UPDATE studies SET strategy_state = ?, state_after_trial = ? WHERE name = ?"
                : "UPDATE studies SET strategy_state = ? WHERE name = ?")) {
            state.setString(1, strategyState.toString());
            if (after >= 0) {
                state.setInt(2, after);
                state.setString(3, study);
            } else {
                state.setString(2, study);
            }
            state.executeUpdate();
        }
    }

    /** The strategy state last saved, read within a transaction. */
    private Optional<JsonNode> readState(Connection connection, String study) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT strategy_state FROM studies WHERE name = ?")) {
            select.setString(1, study);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new StorageException("there is no study '" + study + "' in " + describe() + ": open it "
                            + "(openStudy) before claiming its trials");
                }
                return parseState(study, row.getString(1));
            }
        }
    }

    private Optional<JsonNode> parseState(String study, String saved) {
        try {
            return saved == null ? Optional.empty() : Optional.of(JSON.readTree(saved));
        } catch (JsonProcessingException e) {
            throw new StorageException("the strategy state of study '" + study + "' in " + describe()
                    + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    // ---------------------------------------------------------------- workers sharing a study

    /** The table of claimed trials: who holds each, its last heartbeat (the storage's clock), what was proposed. */
    private static final String CLAIMS_TABLE = """
            CREATE TABLE IF NOT EXISTS trial_claims (
              study TEXT NOT NULL, number INTEGER NOT NULL, worker TEXT NOT NULL, proposed TEXT NOT NULL,
              heartbeat BIGINT NOT NULL, PRIMARY KEY (study, number))""";

    /**
     * The curves of each study: one row per point, a study's own curves under the owner -1. Indexed by its key,
     * whose first column gives a study's points in one range.
     */
    private static final String CURVES_TABLE = """
            CREATE TABLE IF NOT EXISTS curves (
              study TEXT NOT NULL REFERENCES studies(name), owner INTEGER NOT NULL, name TEXT NOT NULL,
              step BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL, PRIMARY KEY (study, owner, name, step))""";

    /**
     * Creates the tables where they are missing, in SQL both backends read alike (SQLite gives BIGINT and DOUBLE
     * PRECISION the affinities of INTEGER and REAL): the meta table with {@code schemaVersion}, the studies, the
     * trials and the claims.
     */
    static void createTables(Statement statement, int schemaVersion) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS nas4j_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        statement.execute("INSERT INTO nas4j_meta VALUES ('schema_version', '" + schemaVersion + "') "
                + "ON CONFLICT (key) DO NOTHING");
        statement.execute("""
                CREATE TABLE IF NOT EXISTS studies (
                  name TEXT PRIMARY KEY, config_hash TEXT NOT NULL, config TEXT NOT NULL,
                  provenance TEXT NOT NULL, created TEXT NOT NULL,
                  strategy_state TEXT, state_after_trial INTEGER)""");
        statement.execute("""
                CREATE TABLE IF NOT EXISTS trials (
                  study TEXT NOT NULL REFERENCES studies(name), number INTEGER NOT NULL,
                  state TEXT NOT NULL, architecture TEXT NOT NULL, seed BIGINT,
                  metrics TEXT, reward DOUBLE PRECISION, error TEXT, seconds DOUBLE PRECISION,
                  probabilities TEXT, started TEXT NOT NULL, finished TEXT,
                  PRIMARY KEY (study, number))""");
        // Added beside the version-2 tables of SQLite files, which they leave as they were: older readers ignore them.
        statement.execute(CLAIMS_TABLE);
        statement.execute(CURVES_TABLE);
    }

    /** SQL for the storage's clock now, in milliseconds since the epoch. */
    abstract String nowMillisSql();

    @Override
    public synchronized Optional<Claim> claimTrial(String study, String worker, LostWorkers lost, ClaimStep ask) {
        return inTransaction(connection -> {
            lockStudy(connection, study);
            List<Claim> found = failStale(connection, study, lost);
            int number = nextNumber(connection, study);
            Stepped<Optional<Architecture>> asked = ask.apply(new ClaimContext(number, found,
                    readState(connection, study)));
            saveState(connection, study, asked.state(), -1);
            if (asked.value().isEmpty()) {
                return Optional.<Claim>empty();
            }
            Architecture proposed = asked.value().get();
            insertRunning(connection, study, number, proposed.canonical());
            try (PreparedStatement claim = connection.prepareStatement("INSERT INTO trial_claims (study, number, "
                    + "worker, proposed, heartbeat) VALUES (?, ?, ?, ?, " + nowMillisSql() + ")")) {
                claim.setString(1, study);
                claim.setInt(2, number);
                claim.setString(3, worker);
                claim.setString(4, proposed.toJson());
                claim.executeUpdate();
            }
            return Optional.of(new Claim(number, proposed));
        });
    }

    @Override
    public synchronized void reportTrial(String study, TrialResult result, long seed, double seconds,
                                         StateStep<Optional<List<double[]>>> tell) {
        inTransaction(connection -> {
            lockStudy(connection, study);
            Stepped<Optional<List<double[]>>> told = tell.apply(readState(connection, study));
            recordEnd(connection, study, result, seed, seconds, told.value());
            saveState(connection, study, told.state(), result.number());
            return null;
        });
    }

    @Override
    public synchronized boolean heartbeat(String study, int number) {
        return inTransaction(connection -> {
            try (PreparedStatement beat = connection.prepareStatement("UPDATE trial_claims SET heartbeat = "
                    + nowMillisSql() + " WHERE study = ? AND number = ? AND EXISTS (SELECT 1 FROM trials t "
                    + "WHERE t.study = trial_claims.study AND t.number = trial_claims.number "
                    + "AND t.state = 'RUNNING')")) {
                beat.setString(1, study);
                beat.setInt(2, number);
                return beat.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized List<Claim> failStale(String study, SearchSpace space, Duration grace, String reason) {
        return inTransaction(connection -> {
            lockStudy(connection, study);
            return failStale(connection, study, new LostWorkers(space, grace, reason));
        });
    }

    /** Fails the running claimed trials whose heartbeat is older than the grace; the study must be locked. */
    private List<Claim> failStale(Connection connection, String study, LostWorkers lost) throws SQLException {
        List<Claim> stale = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT c.number, c.proposed FROM "
                + "trial_claims c JOIN trials t ON t.study = c.study AND t.number = c.number WHERE c.study = ? "
                + "AND t.state = 'RUNNING' AND c.heartbeat < " + nowMillisSql() + " - ? ORDER BY c.number")) {
            select.setString(1, study);
            select.setLong(2, lost.grace().toMillis());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stale.add(new Claim(rows.getInt(1), lost.space().fromJson(rows.getString(2))));
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE trials SET state = 'FAILED', "
                + "error = ?, finished = ? WHERE study = ? AND number = ? AND state = 'RUNNING'")) {
            for (Claim claim : stale) {
                update.setString(1, lost.reason());
                update.setString(2, Instant.now().toString());
                update.setString(3, study);
                update.setInt(4, claim.number());
                update.executeUpdate();
            }
        }
        return stale;
    }

    /**
     * Connection failures (SQLState class 08), a server shutting down or not yet accepting connections (57P01-03),
     * serialization failures and deadlocks (40001, 40P01), a pool out of connections, and a SQLite file still busy.
     */
    @Override
    public boolean isTransient(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientException || cause instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                String state = String.valueOf(sql.getSQLState());
                if (state.startsWith("08") || state.startsWith("57P0") || state.equals("40001")
                        || state.equals("40P01") || String.valueOf(sql.getMessage()).contains("SQLITE_BUSY")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public synchronized List<Heartbeat> heartbeats(String study) {
        return read("the heartbeats of study '" + study + "'", connection -> {
            List<Heartbeat> beats = new ArrayList<>();
            if (!hasClaims(connection)) {
                return beats;
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT c.number, c.worker, "
                    + nowMillisSql() + " - c.heartbeat FROM trial_claims c JOIN trials t ON t.study = c.study AND "
                    + "t.number = c.number WHERE c.study = ? AND t.state = 'RUNNING' ORDER BY c.number")) {
                select.setString(1, study);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        beats.add(new Heartbeat(rows.getInt(1), rows.getString(2),
                                Duration.ofMillis(Math.max(0, rows.getLong(3)))));
                    }
                }
            }
            return beats;
        });
    }

    @Override
    public synchronized void recordCurve(String study, int owner, String name, List<Curve.Point> points) {
        Curve.checkKey(owner, name);
        if (points.isEmpty()) {
            return;
        }
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO curves (study, owner, name, "
                    + "step, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (study, owner, name, step) DO UPDATE SET "
                    + "value = excluded.value")) {
                for (Curve.Point point : points) {
                    insert.setString(1, study);
                    insert.setInt(2, owner);
                    insert.setString(3, name);
                    insert.setLong(4, point.step());
                    insert.setDouble(5, point.value());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public synchronized List<Curve> curves(String study) {
        return read("the curves of study '" + study + "'", connection -> {
            List<Curve> curves = new ArrayList<>();
            if (!hasTable(connection, "curves")) {
                return curves;
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT owner, name, step, value FROM "
                    + "curves WHERE study = ? ORDER BY owner, name, step")) {
                select.setString(1, study);
                try (ResultSet rows = select.executeQuery()) {
                    int owner = 0;
                    String name = null;
                    List<Curve.Point> points = new ArrayList<>();
                    while (rows.next()) {
                        if (name != null && (rows.getInt(1) != owner || !rows.getString(2).equals(name))) {
                            curves.add(new Curve(owner, name, points));
                            points = new ArrayList<>();
                        }
                        owner = rows.getInt(1);
                        name = rows.getString(2);
                        points.add(new Curve.Point(rows.getLong(3), rows.getDouble(4)));
                    }
                    if (name != null) {
                        curves.add(new Curve(owner, name, points));
                    }
                }
            }
            return curves;
        });
    }

    @Override
    public synchronized Progress progress(String study) {
        return read("the progress of study '" + study + "'", connection -> {
            int trials;
            int finished;
            String last;
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*), COUNT(finished), "
                    + "MAX(COALESCE(finished, started)) FROM trials WHERE study = ?")) {
                select.setString(1, study);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    trials = row.getInt(1);
                    finished = row.getInt(2);
                    last = row.getString(3);
                }
            }
            long heartbeat = hasClaims(connection) ? longOf(connection, "SELECT COALESCE(MAX(heartbeat), 0) FROM "
                    + "trial_claims WHERE study = ?", study) : 0;
            long points = hasTable(connection, "curves") ? longOf(connection, "SELECT COUNT(*) FROM curves WHERE "
                    + "study = ?", study) : 0;
            return new Progress(trials, finished, last == null ? "" : last, heartbeat, points);
        });
    }

    /** The one number {@code sql} selects for {@code study}. */
    private static long longOf(Connection connection, String sql, String study) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, study);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Override
    public synchronized List<StoredTrial> trials(String study, SearchSpace space) {
        return read("the trials of study '" + study + "'", connection -> {
            List<StoredTrial> trials = new ArrayList<>();
            // A file an earlier version wrote, opened to read, may have no claims table: its trials have no worker.
            boolean claims = hasClaims(connection);
            try (PreparedStatement select = connection.prepareStatement("SELECT t.number, t.state, t.architecture, "
                    + "t.seed, t.metrics, t.reward, t.error, t.seconds, t.probabilities, t.started, t.finished, "
                    + (claims ? "c.worker FROM trials t LEFT JOIN trial_claims c ON c.study = t.study AND c.number "
                    + "= t.number" : "NULL FROM trials t") + " WHERE t.study = ? ORDER BY t.number")) {
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

    /**
     * Whether the storage has {@code table}, one of those added since version 2 ({@code trial_claims},
     * {@code curves}): every storage this version opens to write does, a file an earlier version wrote, opened to
     * read, may not. Once found it stays, so the catalog is asked only until then, not on every read of the trials
     * or poll of the progress.
     */
    private boolean hasTable(Connection connection, String table) throws SQLException {
        if (!tablesFound.contains(table)) {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, table, new String[] {"TABLE"})) {
                if (tables.next()) {
                    tablesFound.add(table);
                }
            }
        }
        return tablesFound.contains(table);
    }

    private boolean hasClaims(Connection connection) throws SQLException {
        return hasTable(connection, "trial_claims");
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
                Optional.ofNullable(metrics).map(JdbcStudyStorage::parseMetrics), reward,
                Optional.ofNullable(row.getString(7)));
        return new StoredTrial(result, row.getLong(4), row.getDouble(8),
                Optional.ofNullable(row.getString(9)).map(JdbcStudyStorage::parseProbabilities),
                instant(row.getString(10)), instant(row.getString(11)), Optional.ofNullable(row.getString(12)));
    }

    /** A time as stored (ISO-8601); empty for none or for a text an older version wrote otherwise. */
    private static Optional<Instant> instant(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(stored));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized Optional<JsonNode> strategyState(String study) {
        Optional<String> saved = read("the strategy state of study '" + study + "'", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT strategy_state FROM studies WHERE name = ?")) {
                select.setString(1, study);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
        return saved.flatMap(text -> parseState(study, text));
    }

    @Override
    public synchronized List<Integer> failRunning(String study, String reason) {
        return inTransaction(connection -> {
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
        return read("the studies", connection -> {
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

    /** The refusal of a write to a storage opened only to read. */
    final StorageException readOnlyRefusal(String howToWrite) {
        return new StorageException(describe() + " was opened read-only (to read a study, as report and retrain "
                + "do): it records no trials or states; " + howToWrite + " to run the study");
    }

    static String probabilitiesJson(List<double[]> probabilities) {
        ArrayNode decisions = JSON.createArrayNode();
        for (double[] p : probabilities) {
            ArrayNode options = decisions.addArray();
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
