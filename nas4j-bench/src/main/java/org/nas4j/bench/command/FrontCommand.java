package org.nas4j.bench.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.bench.oneshot.FrontBenchmark;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.Flags;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "front",
        mixinStandardHelpOptions = true,
        description = {"The accuracy-latency front of one-shot search against a hand-designed family: the config's "
                + "latency reference at each width multiplier is a member; one supernet is trained, a one-shot "
                + "search runs with each member's latency as the limit (timed in turn), and each winner and each "
                + "member train from scratch with the config's retraining recipe for every seed and are tested. "
                + "Prints, per budget, both networks' test accuracy (mean and seed spread) and their latency ratio "
                + "timed in turn, and what the one-shot pipeline cost (the supernet, the searches, one retraining "
                + "of each found network), and plots both fronts (--out/front.png). Every search and training is "
                + "kept in --out; run again to go on."},
        footer = {"", "Examples:",
                "  ./nas4j bench front --data /usr/share/datasets/fashion-mnist --out runs/front"})
public final class FrontCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "One-shot study config with a latency "
            + "reference (the baseline). Default: ${DEFAULT-VALUE}.")
    Path config = Path.of("examples", "fashion-mnist-one-shot.yaml");

    @Mixin
    DataOptions data;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the supernet, the "
            + "searches and the results.")
    Path out;

    @Option(names = "--multipliers", paramLabel = "M", split = ",", description = "Width multipliers of the "
            + "family. Default: 0.5,0.75,1.0,1.5.")
    List<Double> multipliers = List.of(0.5, 0.75, 1.0, 1.5);

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds each network trains with. Default: "
            + "${DEFAULT-VALUE}.")
    int seeds = 2;

    @Option(names = "--trials", paramLabel = "N", description = "Candidates each search scores (and rejects by "
            + "a limit). Default: the config's study.trials.")
    Integer trials;

    @Option(names = "--retrain-epochs", paramLabel = "N", description = "Epochs every winner and member train "
            + "from scratch (the config's recipe otherwise). Default: the config's retrain.epochs.")
    Integer retrainEpochs;

    @Option(names = "--json", description = "Print the budgets as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (seeds < 1 || multipliers.stream().anyMatch(m -> !(m > 0))) {
            throw new UserInputException("--seeds must be positive and every --multipliers value above 0, got "
                    + seeds + " and " + multipliers);
        }
        Flags.requirePositiveIfGiven(spec, "--trials", trials);
        Flags.requirePositiveIfGiven(spec, "--retrain-epochs", retrainEpochs);
        StudyConfig study = ConfigFile.read(config);
        if (!study.isOneShot()) {
            throw new UserInputException(config + " trains every candidate; give a one-shot config "
                    + "(evaluator: supernet), such as examples/fashion-mnist-one-shot.yaml");
        }
        study = study.withData(data.applyTo(study.data()));
        PrintWriter err = spec.commandLine().getErr();
        FrontBenchmark.Front front;
        try {
            front = new FrontBenchmark(study, data.source(study.data()).load(), out, line -> {
                err.println(line);
                err.flush();
            }).run(multipliers, seeds, trials == null ? study.study().trials() : trials,
                    retrainEpochs == null ? study.retrain().epochs() : retrainEpochs);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        print(front);
        Path png = out.resolve("front.png");
        try {
            FrontBenchmark.plot(front.budgets(), png);
            err.println("plot: " + png);
        } catch (IllegalArgumentException e) {
            err.println("no plot: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plot " + png + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private void print(FrontBenchmark.Front front) {
        PrintWriter stdout = spec.commandLine().getOut();
        FrontBenchmark.Cost cost = front.cost();
        if (json) {
            ObjectNode root = Json.object();
            ArrayNode rows = root.putArray("budgets");
            for (FrontBenchmark.Budget b : front.budgets()) {
                ObjectNode row = rows.addObject().put("multiplier", b.multiplier())
                        .put("member_accuracy", b.memberMean()).put("found_accuracy", b.foundMean())
                        .put("seed_spread", b.seedSpread()).put("latency_ratio", b.latencyRatio())
                        .put("member_ms", b.memberMs()).put("found_ms", b.foundMs())
                        .put("member_params", b.memberParameters()).put("found_params", b.foundParameters());
                b.found().ifPresent(a -> row.put("found", a.canonicalString()));
            }
            root.putObject("cost").put("supernet_steps", cost.supernetSteps())
                    .put("supernet_steps_timed", cost.supernetStepsTimed())
                    .put("supernet_seconds", cost.supernetSeconds()).put("scored", cost.scored())
                    .put("rejected", cost.rejected()).put("search_seconds", cost.searchSeconds())
                    .put("scored_per_minute", cost.scoredPerMinute()).put("retrains", cost.retrains())
                    .put("retrain_steps", cost.retrainSteps()).put("retrain_seconds", cost.retrainSeconds())
                    .put("seconds", cost.seconds()).put("steps", cost.steps());
            stdout.println(root);
            return;
        }
        stdout.printf("%-6s %10s %10s %8s %14s %s%n", "width", "member", "found", "spread", "latency ratio",
                "found network");
        for (FrontBenchmark.Budget b : front.budgets()) {
            stdout.printf(Locale.ROOT, "x%-5s %10.4f %10s %8.4f %14s %s%n", b.multiplier(), b.memberMean(),
                    b.found().isPresent() ? String.format(Locale.ROOT, "%.4f", b.foundMean()) : "-", b.seedSpread(),
                    b.found().isPresent() ? String.format(Locale.ROOT, "%.3f", b.latencyRatio()) : "-",
                    b.found().map(a -> a.canonicalString()).orElse("none met the member's latency"));
        }
        stdout.printf(Locale.ROOT, "cost: supernet %,d steps%s in %.0f s; searches %d scored and %d rejected in %.0f s "
                        + "(%.1f scored a minute); %d retrainings (first seed of each found network) %,d steps in "
                        + "%.0f s; in all %,d steps in %.0f s%n", cost.supernetSteps(),
                cost.supernetStepsTimed() < cost.supernetSteps()
                        ? String.format(Locale.ROOT, " (%,d timed here)", cost.supernetStepsTimed()) : "",
                cost.supernetSeconds(), cost.scored(), cost.rejected(), cost.searchSeconds(), cost.scoredPerMinute(),
                cost.retrains(), cost.retrainSteps(), cost.retrainSeconds(), cost.steps(), cost.seconds());
    }
}
