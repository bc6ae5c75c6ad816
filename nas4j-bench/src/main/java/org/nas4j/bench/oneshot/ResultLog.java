package org.nas4j.bench.oneshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a long benchmark has measured, one JSON line per value ({@code id}, {@code value}, {@code seconds}) appended
 * to {@code results.jsonl} as soon as it is measured, so that a run stopped at any point goes on where it stopped.
 * A measurement that failed (a training that diverged) is kept as NaN with its reason, so that it is not tried
 * again; a last line cut short by a killed process is ignored.
 */
final class ResultLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    /** One measurement: its value (NaN for a failure) and the seconds it took. */
    private record Measured(double value, double seconds) {
    }

    private final Map<String, Measured> measured = new LinkedHashMap<>();

    /**
     * How ids name a training's length ("1 epoch", "3 epochs"): trainings of another length are other
     * measurements, kept apart.
     */
    static String epochs(int count) {
        return count + (count == 1 ? " epoch" : " epochs");
    }

    /** The log in {@code dir}, with what earlier runs wrote there. */
    ResultLog(Path dir) {
        this.file = dir.resolve("results.jsonl");
        if (Files.exists(file)) {
            try {
                java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = JSON.readTree(lines.get(i));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        if (i == lines.size() - 1) {
                            // Written when the process was killed: dropped, so that the next line starts afresh,
                            // and measured again.
                            Path kept = file.resolveSibling(file.getFileName() + ".partial");
                            Files.write(kept, lines.subList(0, i), StandardCharsets.UTF_8);
                            Files.move(kept, file, StandardCopyOption.ATOMIC_MOVE,
                                    StandardCopyOption.REPLACE_EXISTING);
                            break;
                        }
                        throw new IOException("line " + (i + 1) + " of " + file + " is not a result: " + lines.get(i));
                    }
                    JsonNode value = node.path("value");
                    String id = node.get("id").asText();
                    measured.put(id, new Measured(value.isNumber() ? value.asDouble() : Double.NaN,
                            node.path("seconds").asDouble(0)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    Optional<Double> get(String id) {
        return Optional.ofNullable(measured.get(id)).map(Measured::value);
    }

    boolean has(String id) {
        return measured.containsKey(id);
    }

    void put(String id, double value, double seconds) {
        write(id, JSON.createObjectNode().put("id", id).put("value", value).put("seconds", seconds), value, seconds);
    }

    /** The sums of the values and of the seconds of the measurements whose ids are {@code chosen}. */
    Sum sum(Predicate<String> chosen) {
        double value = 0;
        double time = 0;
        int count = 0;
        for (Map.Entry<String, Measured> e : measured.entrySet()) {
            if (chosen.test(e.getKey())) {
                value += Double.isNaN(e.getValue().value()) ? 0 : e.getValue().value();
                time += e.getValue().seconds();
                count++;
            }
        }
        return new Sum(count, value, time);
    }

    /** What {@link #sum} adds up: how many measurements, their values (failures as 0) and their seconds. */
    record Sum(int count, double value, double seconds) {
    }

    /** A measurement that failed, with why; it reads back as NaN. */
    void failed(String id, String reason, double seconds) {
        ObjectNode node = JSON.createObjectNode().put("id", id).putNull("value").put("failed", reason)
                .put("seconds", seconds);
        write(id, node, Double.NaN, seconds);
    }

    private void write(String id, ObjectNode node, double value, double took) {
        measured.put(id, new Measured(value, took));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, node + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
