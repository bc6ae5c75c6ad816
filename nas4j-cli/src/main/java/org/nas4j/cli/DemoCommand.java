package org.nas4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.output.ConsoleProgress;
import org.nas4j.cli.report.ReportCommand;
import org.nas4j.config.StudyConfig;
import org.nas4j.search.RetrainResult;
import org.nas4j.search.RetrainTarget;
import org.nas4j.search.SearchResult;
import org.nas4j.search.Study;
import org.nas4j.study.TrialState;
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
        Flags.requirePositiveIfGiven(spec, "--trials", trials);
        Flags.requirePositiveIfGiven(spec, "--retrain-epochs", retrainEpochs);
        Path file = out.resolve(StudyFile.FILE_NAME);
        if (Files.exists(file)) {
            throw new UserInputException(out + " already holds a demo study: remove it or give another --out");
        }
        Files.createDirectories(out);
        Path configFile = out.resolve(CONFIG);
        String text;
        try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(configFile, text);
        StudyConfig config = StudyConfig.parse(text);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        err.println("demo: searching (config " + configFile + ")");
        Path model = out.resolve("model");
        try (Study study = Study.builder(config).storage(file).configText(text).listener(new ConsoleProgress(err))
                .build()) {
            SearchResult search = study.search(trials != null ? trials : config.study().trials(), Optional.empty());
            stdout.printf(Locale.ROOT, "searched: %d trials, %d complete, %d failed, %d rejected by a limit%n",
                    search.trials().size(), search.count(TrialState.COMPLETE), search.count(TrialState.FAILED),
                    search.count(TrialState.PRUNED));
            err.println("demo: retraining the best candidate");
            RetrainResult retrained = study.retrain(RetrainTarget.best(),
                    retrainEpochs != null ? retrainEpochs : config.retrain().epochs(), model);
            stdout.printf(Locale.ROOT, "%s retrained: test accuracy %.4f on %,d test images, latency %.3f ms, %,d "
                    + "parameters%n  %s%n", ConsoleProgress.label(retrained.trial()),
                    retrained.result().testAccuracy(), retrained.testImages(),
                    retrained.result().latency().medianMs(), retrained.result().parameters(),
                    retrained.architecture().canonicalString());
        }
        Path report = out.resolve("study.html");
        ReportCommand.write(file, null, report);
        stdout.println("demo done: open " + report + " in a browser; the model is in " + model);
        return 0;
    }
}
