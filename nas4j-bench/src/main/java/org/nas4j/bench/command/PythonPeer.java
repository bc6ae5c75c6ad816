package org.nas4j.bench.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.bench.step.StepBenchmark;
import org.nas4j.djl.model.Op;

/**
 * Runs the networks of a {@link StepBenchmark} in PyTorch from Python: the script shipped with nas4j
 * ({@code train_step.py}) reads them as operation lists on stdin, one per line, times them with the same rule, and
 * answers one JSON line each. nas4j installs nothing; without PyTorch for Python it says how to get it.
 */
final class PythonPeer {
    private static final String SCRIPT = "train_step.py";
    /** Every script shipped for the peer; they are copied together, since one imports another. */
    private static final List<String> SCRIPTS = List.of("train_step.py", "epoch.py");
    private static final String INSTALL = "install it with 'apt-get install python3-torch' (Debian), or point "
            + "--python at a Python that has torch; --no-peer times nas4j alone";

    /** Where to look when no Python is named: the one on the PATH, then Debian's (a pyenv may shadow it). */
    static final List<String> DEFAULT_PYTHONS = List.of("python3", "/usr/bin/python3");

    private final List<String> pythons;
    private String python;

    PythonPeer(List<String> pythons) {
        this.pythons = List.copyOf(pythons);
    }

    /**
     * Finds the first of the Pythons that has torch and returns torch's version, or a clear error when none has it.
     */
    String torchVersion() throws IOException, InterruptedException {
        String problem = "";
        for (String candidate : pythons) {
            Result result;
            try {
                result = run(List.of(candidate, "-c", "import torch; print(torch.__version__)"));
            } catch (UserInputException e) {
                problem = e.getMessage();
                continue;
            }
            if (result.exitCode() == 0) {
                python = candidate;
                return lastLine(result.output());
            }
            problem = lastLine(result.output());
        }
        throw new UserInputException("PyTorch for Python is not available to " + String.join(" or ", pythons)
                + " (" + problem + "): " + INSTALL);
    }

    /** The Python that was found to have torch. */
    String python() {
        return python;
    }

    /**
     * Starts the script, which then times one network per {@link Session#time} call, so that nas4j and PyTorch can
     * take turns case by case and a machine that slows down or speeds up meanwhile affects both alike.
     */
    Session start() throws IOException, InterruptedException {
        return start(SCRIPT);
    }

    /** Starts one of the shipped scripts ({@code train_step.py}, {@code epoch.py}). */
    Session start(String script) throws IOException, InterruptedException {
        if (python == null) {
            torchVersion();
        }
        Path folder = Files.createTempDirectory("nas4j-peer");
        for (String name : SCRIPTS) {
            try (InputStream in = PythonPeer.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " is missing from nas4j's jar");
                }
                Files.copy(in, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path errors = folder.resolve("errors.txt");
        ProcessBuilder builder = new ProcessBuilder(python, folder.resolve(script).toString())
                .redirectError(ProcessBuilder.Redirect.to(errors.toFile()));
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // nothing but the scripts in the folder
        return new Session(builder.start(), folder, errors);
    }

    /** A running script: one request line in, one answer line out. */
    static final class Session implements AutoCloseable {
        private final Process process;
        private final Path folder;
        private final Path errors;
        private final Writer requests;
        private final BufferedReader answers;

        private Session(Process process, Path folder, Path errors) {
            this.process = process;
            this.folder = folder;
            this.errors = errors;
            this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The median training step and inference pass of the case in PyTorch: "train_ms", "inference_ms". */
        JsonNode time(StepBenchmark.Case c, int threads, int batch, int warmup, int runs, long seed)
                throws IOException {
            ObjectNode request = Json.object();
            request.put("threads", threads);
            request.put("warmup", warmup);
            request.put("runs", runs);
            request.put("seed", seed);
            ObjectNode row = request.putObject("row");
            row.put("name", c.name());
            row.put("batch", batch);
            ArrayNode input = row.putArray("input");
            c.input().forEach(input::add);
            row.put("classes", c.classes());
            row.set("network", ops(c.network()));
            ArrayNode kinds = row.putArray("kinds");
            kinds.add("train");
            kinds.add("inference");
            return request(request);
        }

        /** Sends one request line and reads its answer line. */
        JsonNode request(ObjectNode request) throws IOException {
            requests.write(request + "\n");
            requests.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new UserInputException("the PyTorch peer stopped: " + Files.readString(errors).strip());
            }
            return new ObjectMapper().readTree(answer);
        }

        @Override
        public void close() throws IOException {
            requests.close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                for (String name : SCRIPTS) {
                    Files.deleteIfExists(folder.resolve(name));
                }
                Files.deleteIfExists(errors);
                Files.deleteIfExists(folder);
            }
        }
    }

    /** The operations as the script reads them. */
    static ArrayNode ops(List<Op> ops) {
        ArrayNode array = Json.object().arrayNode();
        for (Op op : ops) {
            ObjectNode node = array.addObject();
            if (op instanceof Op.Conv c) {
                node.put("op", "conv").put("in", c.in()).put("out", c.out()).put("kernel", c.kernel())
                        .put("stride", c.stride()).put("groups", c.groups()).put("bias", c.bias());
            } else if (op instanceof Op.BatchNorm b) {
                node.put("op", "batch_norm").put("channels", b.channels());
            } else if (op instanceof Op.Relu) {
                node.put("op", "relu");
            } else if (op instanceof Op.SqueezeExcite se) {
                node.put("op", "squeeze_excitation").put("channels", se.channels()).put("squeeze", se.squeeze());
            } else if (op instanceof Op.Residual r) {
                node.put("op", "residual").set("body", ops(r.body()));
            } else if (op instanceof Op.GlobalAveragePool) {
                node.put("op", "global_average_pool");
            } else if (op instanceof Op.Linear l) {
                node.put("op", "linear").put("in", l.in()).put("out", l.out());
            } else {
                throw new IllegalArgumentException("no Python form for " + op);
            }
        }
        return array;
    }

    /** A short command's exit code and its output, stdout and stderr together. */
    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UserInputException("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
