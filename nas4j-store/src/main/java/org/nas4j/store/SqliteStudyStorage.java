package org.nas4j.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A {@link org.nas4j.study.StudyStorage} in one SQLite file. The file may hold several studies and may be shared by worker
 * processes on one machine: writes take SQLite's write lock at the start of each transaction (IMMEDIATE), the
 * journal is a write-ahead log, and a busy writer is waited for rather than failed.
 *
 * <p>{@link #openReadOnly} opens a file only to read it, for a report or a retrain: it never writes to the file or
 * beside it, works in a folder the process cannot write, and refuses every write.
 */
public final class SqliteStudyStorage extends JdbcStudyStorage {
    /** The layout of the tables; a file of another version is refused rather than misread. */
    public static final int SCHEMA_VERSION = 2;
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
        });
    }

    /** How a storage connects. */
    private interface Opening {
        void run() throws SQLException;
    }

    /** Connects and checks the schema version; on failure, closes what it opened. */
    private SqliteStudyStorage connect(String failure, Opening connecting) {
        try {
            connecting.run();
            checkSchemaVersion(connection);
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
            createTables(statement, SCHEMA_VERSION);
        }
    }

    @Override
    String nowMillisSql() {
        return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    }

    @Override
    boolean hasMetaTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery(
                     "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'nas4j_meta'")) {
            return tables.getInt(1) > 0;
        }
    }

    @Override
    StorageException notNas4j() {
        return new StorageException(file + " is not a nas4j study file (it has no nas4j_meta table): give the study "
                + "file that './nas4j search' wrote");
    }

    @Override
    int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @Override
    String describe() {
        return "the study file " + file;
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

    @Override
    synchronized <T> T read(String what, Work<T> work) {
        try {
            reconnectIfChanged();
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("cannot read " + what + " from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    synchronized <T> T inTransaction(Work<T> work) {
        if (readOnly) {
            throw readOnlyRefusal("open it with SqliteStudyStorage.open");
        }
        try {
            return committed(connection, work);
        } catch (SQLException e) {
            throw new StorageException("study file " + file + ": " + e.getMessage(), e);
        }
    }
}
