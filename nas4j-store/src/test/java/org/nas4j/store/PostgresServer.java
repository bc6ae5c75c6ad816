package org.nas4j.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, private to this JVM: Debian's binaries ({@code apt-get install
 * postgresql}) run initdb in a temporary folder and start a server on a free loopback port, with password
 * authentication over TCP. It is stopped and removed when the JVM exits. PostgreSQL refuses to run as root, so
 * under root the server runs as the {@code postgres} user the package creates.
 *
 * <p>Tests that need it call {@link #get()}, which skips them (with the reason) on a machine without the binaries.
 */
public final class PostgresServer {
    public static final String USER = "nas4j";
    public static final String PASSWORD = "nas4j-test-password";
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static PostgresServer started;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server, started on first use; the calling test is skipped where PostgreSQL is not installed. */
    public static synchronized PostgresServer get() {
        if (started == null) {
            Optional<Path> bin = binaries();
            assumeTrue(bin.isPresent(), "PostgreSQL's server is not installed (apt-get install postgresql)");
            started = start(bin.get());
        }
        return started;
    }

    /** The newest of Debian's installed versions: /usr/lib/postgresql/VERSION/bin. */
    static Optional<Path> binaries() {
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> version(b.getParent())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static PostgresServer start(Path bin) {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("nas4j-postgres");
            Path password = dir.resolve("password");
            Files.writeString(password, PASSWORD);
            PostgresServer server = new PostgresServer(dir, bin, freePort(), root);
            if (root) {
                server.runChecked(List.of("chown", "-R", "postgres", dir.toString()), false);
            }
            server.runChecked(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                    "-U", USER, "--pwfile=" + password, "--auth-local=trust", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--no-sync", "--no-instructions"), root);
            server.runChecked(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-l", dir.resolve("server.log").toString(), "-w", "-o", "-p " + server.port + " -k " + dir
                            + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"), root);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a PostgreSQL server for the tests", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void runChecked(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("nas4j-postgres", ".log");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + full, e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void stop() {
        try {
            runChecked(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
                    "immediate", "stop"), asPostgresUser);
            runChecked(List.of("rm", "-rf", dir.toString()), false);
        } catch (IOException e) {
            // Stopping at exit: a server left behind is in a temporary folder and listens on loopback only.
        }
    }

    public int port() {
        return port;
    }

    /** A new, empty database on the server, as a storage URL (the password is {@link #environment}'s). */
    public String newDatabase() {
        String name = "nas4j_test_" + DATABASES.incrementAndGet();
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return "postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER;
    }

    /** A connection to {@code database} as the server's superuser, for a test to look at or spoil the tables. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, PASSWORD);
    }

    /** The environment a worker would have: the password in its variable. */
    public static Map<String, String> environment() {
        return Map.of(PostgresLocation.PASSWORD_VARIABLE, PASSWORD);
    }
}
