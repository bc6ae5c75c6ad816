package org.nas4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"A complete small search on the embedded Fashion-MNIST sample, in a few minutes: 12 candidates "
                + "of a MnasNet-style space trained and measured on this machine under a latency-aware reward, the "
                + "best retrained and saved, and the report written.",
            "It writes its config to DIR/demo.yaml first: edit it and run './nas4j search' on it to go further."},
        footer = {"", "Examples:",
                "  ./nas4j demo",
                "  ./nas4j demo --out /tmp/demo --trials 6"})
public final class DemoCommand implements Callable<Integer> {
    private static final String CONFIG = "demo.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("runs", "demo");

    @Option(names = "--trials", paramLabel = "N", description = "Candidates to try. Default: the config's 12.")
    Integer trials;

    @Option(names = "--retrain-epochs", paramLabel = "E", description = "Epochs to retrain the best. Default: the "
            + "config's 3.")
    Integer retrainEpochs;

    @Override
    public Integer call() throws IOException {
        if (trials != null) {
            Flags.requirePositive(spec, "--trials", trials);
        }
        if (retrainEpochs != null) {
            Flags.requirePositive(spec, "--retrain-epochs", retrainEpochs);
        }
        if (Files.exists(out.resolve("study.db"))) {
            throw new UserInputException(out + " already holds a demo study: remove it or give another --out");
        }
        Files.createDirectories(out);
        Path config = out.resolve(CONFIG);
        try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG)) {
            Files.copy(in, config);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("demo: searching (config " + config + ")");
        List<String> search = new ArrayList<>(List.of("search", config.toString(), "--out", out.toString()));
        if (trials != null) {
            search.addAll(List.of("--trials", trials.toString()));
        }
        int code = run(search);
        if (code == 0) {
            err.println("demo: retraining the best candidate");
            List<String> retrain = new ArrayList<>(List.of("retrain", out.toString()));
            if (retrainEpochs != null) {
                retrain.addAll(List.of("--epochs", retrainEpochs.toString()));
            }
            code = run(retrain);
        }
        if (code == 0) {
            code = run(List.of("report", out.toString()));
        }
        if (code == 0) {
            spec.commandLine().getOut().println("demo done: open " + out.resolve("study.html")
                    + " in a browser; the model is in " + out.resolve("model"));
        }
        return code;
    }

    /** Runs another nas4j command with this one's streams and error handling. */
    private int run(List<String> args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(spec.commandLine().getOut());
        commandLine.setErr(spec.commandLine().getErr());
        return commandLine.execute(args.toArray(new String[0]));
    }
}
