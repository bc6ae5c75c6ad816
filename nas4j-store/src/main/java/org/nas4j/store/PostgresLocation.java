package org.nas4j.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a PostgreSQL study storage is: {@code postgresql://[user@]host[:port]/database[?user=...&sslmode=...]}, as
 * libpq writes it. The password never appears in the URL, where it would reach shell histories, process lists and
 * logs: it comes from the environment variable {@value #PASSWORD_VARIABLE}. {@link #toString} is safe to print.
 *
 * @param parameters the query's other parameters, passed to the JDBC driver as they are (sslmode, ...)
 */
public record PostgresLocation(String host, int port, String database, String user, Map<String, String> parameters,
                               Optional<String> password) {
    /** The environment variable the password is read from. */
    public static final String PASSWORD_VARIABLE = "NAS4J_STORAGE_PASSWORD";
    public static final int DEFAULT_PORT = 5432;
    private static final String SCHEME = "postgresql://";

    public PostgresLocation {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(password, "password");
    }

    /** Whether {@code location} names a PostgreSQL database rather than a SQLite file. */
    public static boolean isPostgres(String location) {
        return location.startsWith(SCHEME) || location.startsWith("jdbc:" + SCHEME)
                || location.startsWith("postgres://");
    }

    /** Reads a URL, with the password from this process's environment. */
    public static PostgresLocation parse(String url) {
        return parse(url, System.getenv());
    }

    /** Reads a URL, with the password from {@code environment}. */
    public static PostgresLocation parse(String url, Map<String, String> environment) {
        String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        if (plain.startsWith("postgres://")) {
            plain = "postgresql://" + plain.substring("postgres://".length());
        }
        if (!plain.startsWith(SCHEME)) {
            throw new StorageException("'" + url + "' is not a PostgreSQL URL: write postgresql://host[:port]/database"
                    + "?user=NAME");
        }
        URI uri;
        try {
            uri = new URI(plain);
        } catch (URISyntaxException e) {
            throw new StorageException("the storage URL is not a URL (" + e.getReason() + "): write "
                    + "postgresql://host[:port]/database?user=NAME", e);
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw new StorageException("the storage URL holds a password: leave it out of the URL and set "
                    + PASSWORD_VARIABLE + " instead, so that it appears in no command line or log");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new StorageException("the storage URL names no host: write postgresql://host[:port]/database"
                    + "?user=NAME");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isBlank() || database.contains("/")) {
            throw new StorageException("the storage URL names no database: write postgresql://" + uri.getHost()
                    + "/DATABASE?user=NAME");
        }
        Map<String, String> parameters = query(uri.getRawQuery());
        if (parameters.keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).contains("password"))) {
            throw new StorageException("the storage URL holds a password: leave it out of the URL and set "
                    + PASSWORD_VARIABLE + " instead, so that it appears in no command line or log");
        }
        String user = parameters.remove("user");
        if (user == null && userInfo != null) {
            user = URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
        }
        if (user == null || user.isBlank()) {
            throw new StorageException("the storage URL names no user: add ?user=NAME (the password, if the server "
                    + "asks one, comes from " + PASSWORD_VARIABLE + ")");
        }
        Optional<String> password = Optional.ofNullable(environment.get(PASSWORD_VARIABLE))
                .filter(p -> !p.isEmpty());
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new PostgresLocation(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database, user,
                parameters, password);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(key, value);
        }
        return parameters;
    }

    /** The JDBC URL, without user or password (the pool passes those apart). */
    String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(database);
        String separator = "?";
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            url.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = "&";
        }
        return url.toString();
    }

    /** The location as a URL without the password: safe to print, and parsed back to the same place. */
    @Override
    public String toString() {
        StringBuilder url = new StringBuilder(SCHEME).append(host.contains(":") ? "[" + host + "]" : host).append(':')
                .append(port).append('/').append(database).append("?user=").append(encode(user));
        parameters.forEach((key, value) -> url.append('&').append(encode(key)).append('=').append(encode(value)));
        return url.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
