package org.nas4j.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.Progress;
import org.nas4j.study.TrialState;

/**
 * The live dashboard: a small HTTP server (the JDK's own, which needs no dependency and streams server-sent events)
 * that reads studies from a storage and never writes to it. It serves one page and its scripts from the jar, so
 * the browser needs no network, and these JSON endpoints:
 * <ul>
 *   <li>{@code /api/studies}: every study with its counts and best trial;</li>
 *   <li>{@code /api/studies/NAME}: one study's summary; {@code .../trials?state=&sort=&order=&offset=&limit=}: a
 *       page of its trials; {@code .../trials/N}: one trial; {@code .../history}, {@code .../pareto},
 *       {@code .../probabilities}, {@code .../workers}, {@code .../supernet}: what the charts draw;</li>
 *   <li>{@code /api/events}: server-sent events, one {@code change} (with the study's name) whenever a study's
 *       trials or curves change, and a {@code heartbeat} when only its workers' heartbeats do, checked every
 *       {@code poll}.</li>
 * </ul>
 * Unknown paths, studies and trials are 404s with a message; bad parameters are 400s.
 */
public final class DashboardServer implements AutoCloseable {
    private static final String STATIC = "/org/nas4j/dashboard/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String> FILES = Map.of(
            "/", STATIC + "index.html",
            "/app.js", STATIC + "app.js",
            "/app.css", STATIC + "app.css",
            "/uPlot.js", UPLOT + "uPlot.iife.min.js",
            "/uPlot.css", UPLOT + "uPlot.min.css");

    private static final String NO_DELAY = "sun.net.httpserver.nodelay";
    /** How long a quiet feed waits before it says it is still there. */
    private static final long KEEP_ALIVE_NANOS = 15_000_000_000L;
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final HttpServer server;
    private final ExecutorService threads;
    private final StudyViews views;
    private final Duration poll;
    private final Poller poller = new Poller();
    private volatile boolean closed;

    private DashboardServer(HttpServer server, ExecutorService threads, StudyViews views, Duration poll) {
        this.server = server;
        this.threads = threads;
        this.views = views;
        this.poll = poll;
    }

    /**
     * Serves the studies of {@code storage} (which the caller keeps open, and may open read-only) on
     * {@code host:port}; port 0 takes a free one.
     */
    public static DashboardServer start(StudyStorage storage, String host, int port, Duration poll)
            throws IOException {
        Objects.requireNonNull(storage, "storage");
        if (poll.toMillis() < 1) {
            throw new IllegalArgumentException("the poll interval must be at least a millisecond, got " + poll);
        }
        // The JDK's server sends an answer's headers and body apart; with Nagle's algorithm on, a small body waits
        // for the browser's delayed ACK, some 40 ms on every small answer. Read when its first server starts.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread thread = new Thread(r, "nas4j dashboard " + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // A thread per connection: each live feed holds one for as long as its page is open.
        ExecutorService threads = Executors.newCachedThreadPool(daemons);
        DashboardServer dashboard = new DashboardServer(server, threads, new StudyViews(storage, poll), poll);
        server.setExecutor(threads);
        server.createContext("/", dashboard::handle);
        server.start();
        return dashboard;
    }

    /** The address it serves, e.g. {@code http://127.0.0.1:8080/}. */
    public URI address() {
        InetSocketAddress bound = server.getAddress();
        return URI.create("http://" + bound.getHostString() + ":" + bound.getPort() + "/");
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (BadRequest e) {
                send(exchange, e.status, "application/json", StudyJson.error(e.getMessage()));
            } catch (RuntimeException e) {
                send(exchange, 500, "application/json", StudyJson.error("the study could not be read: "
                        + e.getMessage()));
            }
        } catch (IOException e) {
            // the browser went away: nothing to answer
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        if (!hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
            send(exchange, 403, "application/json", StudyJson.error("a dashboard on this machine only answers pages "
                    + "opened as localhost or 127.0.0.1"));
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            send(exchange, 405, "application/json", StudyJson.error("the dashboard only reads: use GET"));
            return;
        }
        String path = exchange.getRequestURI().getRawPath(); // decoded segment by segment: names may hold a '/'
        if (FILES.containsKey(path)) {
            sendResource(exchange, FILES.get(path));
        } else if (path.equals("/api/events")) {
            events(exchange);
        } else if (path.startsWith("/api/")) {
            api(exchange, path.substring("/api/".length()));
        } else {
            send(exchange, 404, "text/html; charset=utf-8", notFoundPage(decode(path)));
        }
    }

    private void api(HttpExchange exchange, String rest) throws IOException {
        String[] parts = rest.split("/", -1);
        if (parts.length == 1 && parts[0].equals("studies")) {
            ArrayNode studies = StudyJson.JSON.createArrayNode();
            views.all().forEach(study -> studies.add(StudyJson.summary(study)));
            sendJson(exchange, studies.toString());
            return;
        }
        if (parts.length < 2 || !parts[0].equals("studies")) {
            throw new BadRequest(404, "no endpoint /api/" + rest);
        }
        String name = decode(parts[1]);
        StudyViews.Snapshot study = views.study(name).orElseThrow(() -> new BadRequest(404,
                "no study '" + name + "' in this storage"));
        String view = parts.length > 2 ? parts[2] : "";
        Map<String, String> query = query(exchange.getRequestURI());
        // The charts of the trials alone are worked out once for each state of the trials; the rest as asked.
        String answer = switch (view) {
            case "" -> StudyJson.summary(study).toString();
            case "trials" -> (parts.length > 3 ? trial(study, decode(parts[3]), views.curves(study))
                    : page(study, query)).toString();
            case "history" -> study.memo(view, () -> StudyJson.history(study).toString());
            case "pareto" -> study.memo(view, () -> StudyJson.pareto(study).toString());
            case "probabilities" -> study.memo(view, () -> StudyJson.probabilities(study).toString());
            case "workers" -> StudyJson.workers(study, views.heartbeats(name)).toString();
            case "supernet" -> {
                if (!study.kind().equals("one-shot")) {
                    throw new BadRequest(404, "study '" + name + "' has no supernet: it trains every candidate");
                }
                yield StudyJson.supernet(study, views.curves(study)).toString();
            }
            default -> throw new BadRequest(404, "no view '" + view + "' of a study; the views are trials, history, "
                    + "pareto, probabilities, workers and supernet");
        };
        sendJson(exchange, answer);
    }

    private static ObjectNode trial(StudyViews.Snapshot study, String number, List<Curve> curves) {
        int n;
        try {
            n = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new BadRequest(404, "no trial '" + number + "': trials are numbered from 0");
        }
        return study.trials().stream().filter(t -> t.result().number() == n).findFirst()
                .map(t -> StudyJson.trial(t, study.info().provenance(), curves))
                .orElseThrow(() -> new BadRequest(404, "study '" + study.info().name() + "' has no trial " + n));
    }

    private static ObjectNode page(StudyViews.Snapshot study, Map<String, String> query) {
        Optional<TrialState> state = Optional.ofNullable(query.get("state")).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return TrialState.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, "state must be one of " + Arrays.toString(TrialState.values())
                        + ", got '" + s + "'");
            }
        });
        String sort = query.getOrDefault("sort", "number");
        if (!StudyJson.SORTS.containsKey(sort)) {
            throw new BadRequest(400, "sort must be one of " + new TreeSet<>(StudyJson.SORTS.keySet())
                    + ", got '" + sort + "'");
        }
        String order = query.getOrDefault("order", "asc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new BadRequest(400, "order must be asc or desc, got '" + order + "'");
        }
        int offset = number(query, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = number(query, "limit", 50, 1, StudyJson.MAX_PAGE);
        return StudyJson.page(study, state, sort, order.equals("desc"), offset, limit);
    }

    private static int number(Map<String, String> query, String key, int fallback, int min, int max) {
        String text = query.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, key + " must be a whole number in [" + min + ", " + max + "], got '" + text
                    + "'");
        }
    }

    /** Server-sent events: a {@code change} whenever a study's progress moves, until the page closes. */
    private void events(HttpExchange exchange) throws IOException {
        // What the page has seen is taken before it hears that it is connected: nothing after is missed.
        Polled seen = poller.latest();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        long quietSince = System.nanoTime();
        while (!closed) {
            Polled now;
            try {
                now = poller.after(seen.generation(), KEEP_ALIVE_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            StringBuilder events = new StringBuilder();
            for (Map.Entry<String, Progress> entry : now.progress().entrySet()) {
                Progress before = seen.progress().get(entry.getKey());
                // A change of trials or curves redraws the page; a heartbeat alone, only the workers' view.
                String event = before == null || !StudyViews.sameRecords(before, entry.getValue()) ? "change"
                        : before.lastHeartbeat() != entry.getValue().lastHeartbeat() ? "heartbeat" : null;
                if (event != null) {
                    events.append("event: ").append(event).append("\ndata: ").append(StudyJson.JSON
                            .createObjectNode().put("study", entry.getKey()).put("trials", entry.getValue().trials()))
                            .append("\n\n");
                }
            }
            seen = now;
            if (events.isEmpty() && System.nanoTime() - quietSince > KEEP_ALIVE_NANOS) {
                events.append(": still here\n\n"); // keeps proxies from closing an idle feed, and finds a gone page
            }
            if (!events.isEmpty()) {
                out.write(events.toString().getBytes(StandardCharsets.UTF_8));
                out.flush(); // throws once the page is gone, which ends the feed
                quietSince = System.nanoTime();
            }
        }
    }

    /** Every study's progress at one poll; the generation counts the polls. */
    private record Polled(long generation, Map<String, Progress> progress) {
    }

    /**
     * One thread that polls the storage every {@code poll} for all the open feeds, so that ten pages cost the
     * storage what one does. It starts with the first feed; a poll that fails (the database restarting) keeps
     * what the last one saw, and the next tries again.
     */
    private final class Poller implements Runnable {
        private Polled latest;
        private Thread thread;

        /** The newest poll, made now when none has been. */
        synchronized Polled latest() {
            if (latest == null) {
                latest = new Polled(0, views.progress());
                thread = new Thread(this, "nas4j dashboard poller");
                thread.setDaemon(true);
                thread.start();
            }
            return latest;
        }

        /** The first poll after generation {@code seen}, or the newest when none comes within {@code millis}. */
        synchronized Polled after(long seen, long millis) throws InterruptedException {
            long until = System.nanoTime() + millis * 1_000_000;
            while (latest.generation() <= seen && !closed) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return latest;
        }

        @Override
        public void run() {
            while (!closed) {
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    Map<String, Progress> now = views.progress();
                    synchronized (this) {
                        latest = new Polled(latest.generation() + 1, now);
                        notifyAll();
                    }
                } catch (RuntimeException e) {
                    // the storage could not be read this time: the feeds keep what they have
                }
            }
        }

        synchronized void stop() {
            notifyAll();
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /**
     * Whether a request's Host may be answered. A server on loopback answers only names of loopback, so that a web
     * page elsewhere cannot read the studies by pointing its own host name at 127.0.0.1 (DNS rebinding); one bound
     * to another interface was asked to be reached by other names.
     */
    private boolean hostAllowed(String host) {
        if (!server.getAddress().getAddress().isLoopbackAddress()) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return LOOPBACK_NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** One segment of a path or query, percent-decoded once ('+' is a plus); a bad escape is a bad request. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "malformed escape in '" + raw + "'");
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static void sendResource(HttpExchange exchange, String resource) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            byte[] body = in.readAllBytes();
            String type = resource.endsWith(".js") ? "text/javascript" : resource.endsWith(".css") ? "text/css"
                    : "text/html";
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static void sendJson(HttpExchange exchange, String json) throws IOException {
        send(exchange, 200, "application/json", json);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String notFoundPage(String path) {
        String safe = path.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found - nas4j</title></head><body>"
                + "<h1>Not found</h1><p>The dashboard has no page " + safe + ".</p><p><a href=\"/\">The studies</a>"
                + "</p></body></html>";
    }

    /** A request the dashboard cannot answer: its status (404, 400) and why. */
    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.stop();
        server.stop(0);
        threads.shutdownNow();
    }
}
