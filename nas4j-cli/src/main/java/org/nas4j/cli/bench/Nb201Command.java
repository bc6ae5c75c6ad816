package org.nas4j.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import org.nas4j.bench.BenchmarkTable;
import org.nas4j.bench.BenchmarkTableException;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.bench.TabularSearch;
import org.nas4j.bench.nb201.Nb201;
import org.nas4j.bench.nb201.Nb201Benchmark;
import org.nas4j.cli.Choices;
import org.nas4j.cli.ControllerOptions;
import org.nas4j.cli.ControllerOptions.PolicyKind;
import org.nas4j.cli.Flags;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Csv;
import org.nas4j.cli.output.Json;
import org.nas4j.cli.plot.LineChart;
import org.nas4j.cli.plot.Series;
import org.nas4j.eval.Evaluator;
import org.nas4j.reward.Reward;
import org.nas4j.space.SearchSpace;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.RegularizedEvolution;
import org.nas4j.strategy.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "nb201",
        mixinStandardHelpOptions = true,
        description = {"Search strategies on NAS-Bench-201 (CIFAR-10) under the standard protocol.",
            "Every one of the 15,625 cells was trained once; a query looks its results up and costs the simulated "
                    + "seconds of 12 training epochs plus a validation pass. A run spends --budget simulated "
                    + "seconds (a query that would overrun ends it), sees only the 12-epoch validation accuracy, "
                    + "and is scored by the 200-epoch test accuracy of the architecture it found best.",
            "Strategies: random; evolution (nas4j's default: regularized evolution, population 20, tournament 20, "
                    + "no architecture proposed twice); evolution-paper (population 10, tournament 3, as "
                    + "published); reinforce (factorized policy); reinforce-lstm; all."},
        footer = {"", "Examples:",
                "  ./nas4j bench nb201 --runs 500",
                "  ./nas4j bench nb201 --strategy evolution-paper --runs 500 --json",
                "  ./nas4j bench nb201 --out runs/nb201          curves, chosen architectures",
                "  ./nas4j bench nb201 --table my-results.csv --signal valid_acc --report test_acc"})
public final class Nb201Command implements Callable<Integer> {

    /** What to compare. */
    enum Choice {
        all, random, evolution, evolution_paper, reinforce, reinforce_lstm;

        @Override
        public String toString() {
            return Choices.name(this);
        }
    }

    static final class ChoiceConverter implements ITypeConverter<Choice> {
        @Override
        public Choice convert(String value) {
            return Choices.parse(Choice.class, value, "strategy");
        }
    }

    /** Regularized evolution as nas4j runs it by default, and as it was published for this benchmark. */
    static final EvolutionSettings EVOLUTION = new EvolutionSettings(20, 20, true);
    static final EvolutionSettings EVOLUTION_PAPER = new EvolutionSettings(10, 3, false);

    @Spec
    CommandSpec spec;

    @Mixin
    ControllerOptions controller = new ControllerOptions(0.0, ControllerOptions.BENCH_FACTORIZED_LEARNING_RATE);

    @Option(names = "--strategy", paramLabel = "NAME", converter = ChoiceConverter.class,
            description = "all, random, evolution, evolution-paper, reinforce or reinforce-lstm. "
                    + "Default: ${DEFAULT-VALUE}.")
    Choice strategy = Choice.all;

    @Option(names = "--runs", paramLabel = "R", description = "Runs per strategy, seeds S..S+R-1. "
            + "Default: ${DEFAULT-VALUE}.")
    int runs = 500;

    @Option(names = "--budget", paramLabel = "SECONDS", description = "Simulated seconds per run. "
            + "Default: ${DEFAULT-VALUE}.")
    double budget = 12_000;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the first run. Default: ${DEFAULT-VALUE}.")
    long seed = 0;

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel; results do not depend on it. "
            + "Default: the number of processors.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write anytime curves (CSV and PNG) and every run's chosen architecture (CSV) here.")
    Path out;

    @Option(names = "--json", description = "Print only a JSON summary on stdout.")
    boolean json;

    @Option(names = "--table", paramLabel = "FILE",
            description = "A table of the same form to search instead of the shipped CIFAR-10 one: a row per "
                    + "architecture with its arch_str, a signal and a report column, and the cost per query in "
                    + "cost_sec (or the two time columns of the shipped table).")
    Path table;

    @Option(names = "--signal", paramLabel = "COL", description = "With --table: the column the search sees.")
    String signalColumn;

    @Option(names = "--report", paramLabel = "COL", description = "With --table: the column results are reported "
            + "in.")
    String reportColumn;

    /** The benchmark being searched and the columns that matter. */
    private record Setup(TabularBenchmark benchmark, String signal, String report, String valid, double scale) {
    }

    /** One strategy's runs. */
    private record Result(Choice strategy, List<TabularSearch.Run> runs) {
    }

    @Override
    public Integer call() throws IOException {
        validate();
        Setup setup = setup();
        List<Choice> compared = strategy == Choice.all
                ? List.of(Choice.random, Choice.evolution, Choice.evolution_paper, Choice.reinforce,
                        Choice.reinforce_lstm)
                : List.of(strategy);
        Evaluator evaluator = setup.benchmark().evaluator(setup.signal(), setup.scale());
        List<Result> results = new ArrayList<>();
        for (Choice choice : compared) {
            LongFunction<Strategy> strategies = strategies(choice, setup.benchmark().space());
            results.add(new Result(choice, TabularSearch.runMany(strategies, setup.benchmark(), evaluator,
                    Reward.accuracy(), budget, seed, runs, choice == Choice.reinforce_lstm ? 1 : threads)));
        }
        double[] report = setup.benchmark().table().column(setup.report());
        double optimum = Summary.of(report).max();
        if (out != null) {
            writeChosen(setup, results, out.resolve("chosen.csv"));
            writeAnytime(setup, results, out.resolve("anytime.csv"), out.resolve("anytime.png"));
        }
        print(setup, results, optimum);
        return 0;
    }

    private void validate() {
        Flags.requirePositive(spec, "--runs", runs);
        Flags.requirePositive(spec, "--threads", threads);
        if (!(budget > 0) || !Double.isFinite(budget)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--budget must be a positive number of seconds, got " + budget);
        }
        if (table == null && (signalColumn != null || reportColumn != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--signal and --report choose columns of --table; give --table FILE too");
        }
        if (table != null && (signalColumn == null || reportColumn == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "with --table, name the columns: --signal COL (what the search sees) and --report COL");
        }
        controller.validate();
    }

    private Setup setup() {
        if (table == null) {
            return new Setup(Nb201Benchmark.load(), Nb201.SIGNAL, Nb201.TEST, Nb201.VALID_200, 0.01);
        }
        try {
            BenchmarkTable userTable = BenchmarkTable.read(table, Nb201.KEY, Set.of(signalColumn, reportColumn));
            TabularBenchmark benchmark = Nb201Benchmark.of(userTable);
            // Accuracies in percent become fractions, as rewards are everywhere else.
            double scale = Summary.of(userTable.column(signalColumn)).max() > 1.0 ? 0.01 : 1.0;
            return new Setup(benchmark, signalColumn, reportColumn, null, scale);
        } catch (BenchmarkTableException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private LongFunction<Strategy> strategies(Choice choice, SearchSpace space) {
        return switch (choice) {
            case random -> s -> new RandomSearch(space, s);
            case evolution -> s -> new RegularizedEvolution(space, EVOLUTION, s);
            case evolution_paper -> s -> new RegularizedEvolution(space, EVOLUTION_PAPER, s);
            case reinforce -> s -> controller.reinforce(space, PolicyKind.factorized, s);
            case reinforce_lstm -> s -> controller.reinforce(space, PolicyKind.lstm, s);
            case all -> throw new IllegalStateException("'all' is expanded before running");
        };
    }

    private void print(Setup setup, List<Result> results, double optimum) {
        PrintWriter stdout = spec.commandLine().getOut();
        double[] report = setup.benchmark().table().column(setup.report());
        double[] valid = setup.valid() == null ? null : setup.benchmark().table().column(setup.valid());
        ObjectNode json = Json.object();
        ArrayNode rows = json.putArray("results");
        if (!this.json) {
            stdout.printf(Locale.ROOT, "%s: %d runs per strategy, budget %.0f simulated seconds, seeds %d..%d%n",
                    table == null ? "NAS-Bench-201 CIFAR-10" : table.toString(), runs, budget, seed,
                    seed + runs - 1);
            stdout.printf(Locale.ROOT, "%-16s %5s %8s   %-" + reportWidth(setup) + "s   %s%n", "strategy", "runs",
                    "queries", setup.report() + " mean ± std", valid == null ? "" : setup.valid() + " mean ± std");
        }
        for (Result result : results) {
            Summary queries = Summary.of(result.runs().stream().mapToDouble(TabularSearch.Run::queries).toArray());
            Summary test = Summary.of(result.runs().stream().mapToDouble(r -> report[r.chosenRow()]).toArray());
            ObjectNode row = rows.addObject();
            row.put("strategy", result.strategy().toString());
            row.put("runs", result.runs().size());
            row.put("queries_mean", queries.mean());
            row.put("test_mean", test.mean());
            row.put("test_std", test.std());
            String validText = "";
            if (valid != null) {
                Summary v = Summary.of(result.runs().stream().mapToDouble(r -> valid[r.chosenRow()]).toArray());
                row.put("valid_mean", v.mean());
                row.put("valid_std", v.std());
                validText = String.format(Locale.ROOT, "%.2f ± %.2f", v.mean(), v.std());
            }
            if (!this.json) {
                stdout.printf(Locale.ROOT, "%-16s %5d %8.1f   %-" + reportWidth(setup) + "s   %s%n",
                        result.strategy(), result.runs().size(),
                        queries.mean(), String.format(Locale.ROOT, "%.2f ± %.2f", test.mean(), test.std()),
                        validText);
            }
        }
        json.put("optimal_test", optimum);
        if (this.json) {
            stdout.println(json);
        } else {
            stdout.printf(Locale.ROOT, "best in the space: %.2f (%s)%n", optimum, setup.report());
            if (out != null) {
                stdout.println("wrote " + out.resolve("chosen.csv") + ", " + out.resolve("anytime.csv") + " and "
                        + out.resolve("anytime.png"));
            }
        }
    }

    private static int reportWidth(Setup setup) {
        return setup.report().length() + " mean ± std".length();
    }

    private void writeChosen(Setup setup, List<Result> results, Path file) {
        BenchmarkTable data = setup.benchmark().table();
        double[] signal = data.column(setup.signal());
        double[] report = data.column(setup.report());
        try (Csv csv = Csv.create(file, List.of("strategy", "seed", "queries", "seconds", "arch_str",
                setup.signal(), setup.report()))) {
            for (Result result : results) {
                for (TabularSearch.Run run : result.runs()) {
                    double[] elapsed = run.elapsedSeconds();
                    csv.row(result.strategy(), run.seed(), run.queries(), elapsed[elapsed.length - 1],
                            data.key(run.chosenRow()), signal[run.chosenRow()], report[run.chosenRow()]);
                }
            }
        }
    }

    /**
     * Mean report value of the architecture chosen so far, against simulated seconds, on a grid of 120 steps. The
     * plot leaves out the first tenth of the budget, where every strategy climbs alike, to show where they differ.
     */
    private void writeAnytime(Setup setup, List<Result> results, Path csvFile, Path pngFile) throws IOException {
        double[] report = setup.benchmark().table().column(setup.report());
        int steps = 120;
        LineChart.Builder chart = LineChart.builder()
                .title("Anytime performance (mean of " + runs + " runs)")
                .xLabel("simulated seconds")
                .yLabel("mean " + setup.report() + " of the choice so far");
        try (Csv csv = Csv.create(csvFile, List.of("strategy", "seconds", "mean_report", "runs_with_a_choice"))) {
            for (Result result : results) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int step = 1; step <= steps; step++) {
                    double seconds = budget * step / steps;
                    double sum = 0;
                    int counted = 0;
                    for (TabularSearch.Run run : result.runs()) {
                        int row = run.chosenRowAt(seconds);
                        if (row >= 0) {
                            sum += report[row];
                            counted++;
                        }
                    }
                    if (counted > 0) {
                        csv.row(result.strategy(), seconds, sum / counted, counted);
                    }
                    if (counted > 0 && step >= steps / 10) {
                        xs.add(seconds);
                        ys.add(sum / counted);
                    }
                }
                chart.add(new Series(result.strategy().toString(),
                        xs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        chart.build().writePng(pngFile);
    }
}
