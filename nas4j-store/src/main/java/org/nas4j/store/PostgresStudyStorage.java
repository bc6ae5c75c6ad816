package org.nas4j.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A {@link org.nas4j.study.StudyStorage} in a PostgreSQL database, for workers on several machines that share one
 * study. The tables are those of the SQLite file; they are created, under a lock, by the first worker that finds
 * them missing, and a database whose tables are of another version is refused.
 *
 * <p>Each worker keeps a small pool of connections, checked before use and replaced when the server drops them, so
 * a restart of the server or a network blip costs a worker a retry, not its trial. Trial numbers are handed out
 * under a transaction-scoped advisory lock per study, so that workers in other processes never get the same one.
 */
public final class PostgresStudyStorage extends JdbcStudyStorage {
    /** The layout of the tables; a database of another version is refused rather than misread. */
    public static final int SCHEMA_VERSION = 1;
    /** The first key of nas4j's advisory locks; the second is the study's (or 0 while creating the tables). */
    private static final String LOCK_SPACE = "hashtext('nas4j')";

    private final PostgresLocation location;
    private final boolean readOnly;
    private final HikariDataSource pool;

    private PostgresStudyStorage(PostgresLocation location, boolean readOnly) {
        this.location = location;
        this.readOnly = readOnly;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(location.jdbcUrl());
        config.setUsername(location.user());
        location.password().ifPresent(config::setPassword);
        config.setPoolName("nas4j " + location);
        // One connection for the trials, one for a heartbeat beside them.
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        config.setReadOnly(readOnly);
        try {
            this.pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StorageException("cannot reach the PostgreSQL database " + location + " ("
                    + rootMessage(e) + "): check that the server runs and accepts this host, user and database, and "
                    + "that " + PostgresLocation.PASSWORD_VARIABLE + " holds the password if it asks for one", e);
        }
    }

    /** Opens the database, creating nas4j's tables when they are missing. */
    public static PostgresStudyStorage open(PostgresLocation location) {
        PostgresStudyStorage storage = new PostgresStudyStorage(location, false);
        return storage.checked(() -> storage.inTransaction(connection -> {
            storage.createTables(connection);
            storage.checkSchemaVersion(connection);
            return null;
        }));
    }

    /** Opens the database only to read a study: every write is refused, and nothing is created. */
    public static PostgresStudyStorage openReadOnly(PostgresLocation location) {
        PostgresStudyStorage storage = new PostgresStudyStorage(location, true);
        return storage.checked(() -> storage.read("the schema version", connection -> {
            storage.checkSchemaVersion(connection);
            return null;
        }));
    }

    /** Runs the check and returns this storage; on failure, closes the pool. */
    private PostgresStudyStorage checked(Runnable check) {
        try {
            check.run();
            return this;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Workers starting together would otherwise race to create the same tables.
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_SPACE + ", 0)");
            createTables(statement, SCHEMA_VERSION);
        }
    }

    @Override
    String nowMillisSql() {
        // The server's clock, the same for every worker whatever their machines' clocks say.
        return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    }

    @Override
    void lockStudy(Connection connection, String study) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(" + LOCK_SPACE + ", hashtext(?))")) {
            lock.setString(1, study);
            lock.execute();
        }
    }

    @Override
    boolean hasMetaTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet table = statement.executeQuery("SELECT to_regclass('nas4j_meta') IS NOT NULL")) {
            table.next();
            return table.getBoolean(1);
        }
    }

    @Override
    StorageException notNas4j() {
        return new StorageException(describe() + " holds no nas4j study (it has no nas4j_meta table): give the "
                + "database a nas4j search or worker wrote to, or open it to write, which creates the tables");
    }

    @Override
    int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @Override
    String describe() {
        return "the PostgreSQL database " + location;
    }

    @Override
    <T> T read(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("cannot read " + what + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    <T> T inTransaction(Work<T> work) {
        if (readOnly) {
            throw readOnlyRefusal("open it with PostgresStudyStorage.open");
        }
        try (Connection connection = pool.getConnection()) {
            return committed(connection, work);
        } catch (SQLException e) {
            throw new StorageException(describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
