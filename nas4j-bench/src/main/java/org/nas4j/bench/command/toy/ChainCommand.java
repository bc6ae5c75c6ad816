package org.nas4j.bench.command.toy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.cli.Choices;
import org.nas4j.bench.command.ControllerOptions;
import org.nas4j.bench.command.ControllerOptions.PolicyKind;
import org.nas4j.cli.Flags;
import org.nas4j.cli.output.Csv;
import org.nas4j.cli.output.Json;
import org.nas4j.charts.LineChart;
import org.nas4j.charts.Series;
import org.nas4j.random.Rng;
import org.nas4j.reward.Reward;
import org.nas4j.space.Architecture;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.Strategy;
import org.nas4j.study.SearchLoop;
import org.nas4j.toy.ChainToy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "chain",
        mixinStandardHelpOptions = true,
        description = {"A toy that needs a controller with memory: the best option of each decision depends on the "
                + "choice made before it.",
            "6 decisions x 5 options (15,625 architectures). The reward pays 0.8 for neighbour pairs that follow a "
                    + "hidden rule (which option goes well after which, a random permutation per decision) and 0.2 "
                    + "for a preferred first option, scaled so the unique best architecture scores 1; noise sigma "
                    + "0.02. Each strategy gets the same number of samples per run; a run finds the best if it "
                    + "samples it.",
            "Strategies: reinforce-lstm (the RNN controller sees its earlier choices), reinforce-factorized "
                    + "(independent logits), random."},
        footer = {"", "Examples:",
                "  ./nas4j toy chain                     all strategies, 10 runs each",
                "  ./nas4j toy chain --strategy reinforce-lstm --runs 3",
                "  ./nas4j toy chain --runs 30 --json --out runs/chain"})
public final class ChainCommand implements Callable<Integer> {

    /** What to compare. */
    enum StrategyChoice {
        all, random, reinforce_factorized, reinforce_lstm;

        @Override
        public String toString() {
            return Choices.name(this);
        }
    }

    @Spec
    CommandSpec spec;

    /** Entropy keeps both controllers sampling other starts after a first full chain (README: the chain toy). */
    @Mixin
    ControllerOptions controller = new ControllerOptions(0.1, ControllerOptions.FACTORIZED_LEARNING_RATE);

    @Option(names = "--strategy", paramLabel = "NAME", converter = StrategyConverter.class,
            description = "all, random, reinforce-factorized or reinforce-lstm. Default: ${DEFAULT-VALUE}.")
    StrategyChoice strategy = StrategyChoice.all;

    @Option(names = "--samples", paramLabel = "N", description = "Architectures sampled per run. "
            + "Default: ${DEFAULT-VALUE}.")
    int samples = 2000;

    @Option(names = "--runs", paramLabel = "R", description = "Runs per strategy, seeds S..S+R-1. "
            + "Default: ${DEFAULT-VALUE}.")
    int runs = 10;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the first run. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("runs", "chain");

    @Option(names = "--json", description = "Print only a JSON summary on stdout.")
    boolean json;

    /** One run of one strategy: the best expected reward seen after each sample, and when the optimum came up. */
    record Run(StrategyChoice strategy, long seed, double[] bestSoFar, int samplesToFind) {
        boolean found() {
            return samplesToFind > 0;
        }
    }

    static final class StrategyConverter implements picocli.CommandLine.ITypeConverter<StrategyChoice> {
        @Override
        public StrategyChoice convert(String value) {
            return Choices.parse(StrategyChoice.class, value, "strategy");
        }
    }

    @Override
    public Integer call() throws IOException {
        validate();
        ChainToy toy = ChainToy.standard();
        List<StrategyChoice> compared = strategy == StrategyChoice.all
                ? List.of(StrategyChoice.reinforce_lstm, StrategyChoice.reinforce_factorized, StrategyChoice.random)
                : List.of(strategy);
        List<Run> all = new ArrayList<>();
        for (StrategyChoice choice : compared) {
            for (int run = 0; run < runs; run++) {
                all.add(runOnce(toy, choice, seed + run));
            }
        }
        writeRuns(all, out.resolve("runs.csv"));
        plotBestSoFar(compared, all, out.resolve("best-so-far.png"));

        PrintWriter stdout = spec.commandLine().getOut();
        ObjectNode result = Json.object();
        result.put("decisions", toy.space().size());
        result.put("options", toy.space().decision(0).size());
        result.put("samples", samples);
        result.put("runs", runs);
        ArrayNode rows = result.putArray("results");
        if (!json) {
            stdout.printf(Locale.ROOT, "chain toy: %d decisions x %d options (%s architectures), %d samples per run, "
                            + "%d runs per strategy, seeds %d..%d%n", toy.space().size(),
                    toy.space().decision(0).size(), String.format(Locale.ROOT, "%,d", toy.space().cardinality()),
                    samples, runs, seed, seed + runs - 1);
            if (compared.contains(StrategyChoice.reinforce_lstm)) {
                stdout.println("reinforce-lstm: " + controller.describe(PolicyKind.lstm));
            }
            if (compared.contains(StrategyChoice.reinforce_factorized)) {
                stdout.println("reinforce-factorized: " + controller.describe(PolicyKind.factorized));
            }
            stdout.println("strategy                found best   median samples to find   mean best reward");
        }
        for (StrategyChoice choice : compared) {
            List<Run> mine = all.stream().filter(r -> r.strategy() == choice).toList();
            long found = mine.stream().filter(Run::found).count();
            double[] toFind = mine.stream().filter(Run::found).mapToDouble(Run::samplesToFind).toArray();
            double meanBest = Summary.of(mine.stream().mapToDouble(r -> r.bestSoFar()[samples - 1]).toArray()).mean();
            ObjectNode row = rows.addObject();
            row.put("strategy", choice.toString());
            row.put("found_fraction", (double) found / runs);
            if (toFind.length > 0) {
                row.put("median_samples_to_find", Summary.of(toFind).median());
            } else {
                row.putNull("median_samples_to_find");
            }
            row.put("mean_best_reward", meanBest);
            if (!json) {
                stdout.printf(Locale.ROOT, "%-22s %4d/%-4d %5.1f%%   %22s   %16.3f%n", choice, found, runs,
                        100.0 * found / runs, toFind.length > 0 ? String.format(Locale.ROOT, "%.0f",
                                Summary.of(toFind).median()) : "-", meanBest);
            }
        }
        if (json) {
            stdout.println(result);
        } else {
            stdout.println("wrote " + out.resolve("runs.csv") + " and " + out.resolve("best-so-far.png"));
        }
        return 0;
    }

    private void validate() {
        Flags.requirePositive(spec, "--samples", samples);
        Flags.requirePositive(spec, "--runs", runs);
        controller.validate();
    }

    private Run runOnce(ChainToy toy, StrategyChoice choice, long runSeed) {
        long strategySeed = Rng.derive(runSeed, "strategy");
        double[] bestSoFar = new double[samples];
        int[] foundAt = {0};
        Architecture optimum = toy.best();
        StrategySpec spec = switch (choice) {
            case random -> new StrategySpec.Random();
            case reinforce_factorized -> controller.spec(PolicyKind.factorized);
            case reinforce_lstm -> controller.spec(PolicyKind.lstm);
            case all -> throw new IllegalStateException("'all' is expanded before running");
        };
        try (Strategy searcher = Strategies.create(spec, toy.space(), strategySeed)) {
            new SearchLoop(searcher, toy, Reward.accuracy(), runSeed).run(samples, (trial, s) -> {
                int i = trial.number();
                double expected = toy.expectedReward(trial.architecture());
                bestSoFar[i] = Math.max(expected, i == 0 ? Double.NEGATIVE_INFINITY : bestSoFar[i - 1]);
                if (foundAt[0] == 0 && trial.architecture().equals(optimum)) {
                    foundAt[0] = i + 1;
                }
            });
        }
        return new Run(choice, runSeed, bestSoFar, foundAt[0]);
    }

    private void writeRuns(List<Run> all, Path file) {
        try (Csv csv = Csv.create(file, List.of("strategy", "seed", "found", "samples_to_find", "best_reward"))) {
            for (Run run : all) {
                csv.row(run.strategy(), run.seed(), run.found(), run.found() ? run.samplesToFind() : "",
                        run.bestSoFar()[samples - 1]);
            }
        }
    }

    private void plotBestSoFar(List<StrategyChoice> compared, List<Run> all, Path file) throws IOException {
        LineChart.Builder chart = LineChart.builder()
                .title("Chain toy: best expected reward sampled so far (mean of " + runs + " runs)")
                .xLabel("architectures sampled")
                .yLabel("best expected reward")
                .yRange(0, 1.02);
        for (StrategyChoice choice : compared) {
            double[] xs = new double[samples];
            double[] ys = new double[samples];
            List<Run> mine = all.stream().filter(r -> r.strategy() == choice).toList();
            for (int i = 0; i < samples; i++) {
                xs[i] = i + 1;
                final int step = i;
                ys[i] = mine.stream().mapToDouble(r -> r.bestSoFar()[step]).average().orElse(Double.NaN);
            }
            chart.add(new Series(choice.toString(), xs, ys));
        }
        chart.build().writePng(file);
    }
}
