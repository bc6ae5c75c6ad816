package org.nas4j.bench.command;

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
import org.nas4j.bench.command.ControllerOptions;
import org.nas4j.bench.command.ControllerOptions.PolicyKind;
import org.nas4j.cli.Flags;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Csv;
import org.nas4j.cli.output.Json;
import org.nas4j.charts.LineChart;
import org.nas4j.charts.Series;
import org.nas4j.eval.Evaluator;
import org.nas4j.reward.AbsoluteReward;
import org.nas4j.reward.MnasReward;
import org.nas4j.reward.Reward;
import org.nas4j.space.SearchSpace;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.Strategy;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.model.ModelSettings;
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
        all, random, evolution, evolution_paper, reinforce, reinforce_lstm, model;

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

    /** Regularized evolution as it was published for this benchmark. */
    static final EvolutionSettings EVOLUTION_PAPER = new EvolutionSettings(10, 3, false);

    @Option(names = "--population", paramLabel = "P",
            description = "evolution: population size. Default: ${DEFAULT-VALUE}.")
    int population = 20;

    @Option(names = "--tournament", paramLabel = "K",
            description = "evolution: tournament size. Default: ${DEFAULT-VALUE}.")
    int tournament = 20;

    @Option(names = "--allow-repeats",
            description = "evolution: may propose an architecture it proposed before (as published), paying again.")
    boolean allowRepeats;

    @Option(names = "--model-initial", paramLabel = "N",
            description = "model: random architectures before the model is fitted. Default: ${DEFAULT-VALUE}.")
    int modelInitial = ModelSettings.DEFAULT.initial();

    @Option(names = "--model-candidates", paramLabel = "N",
            description = "model: random candidates scored at each proposal. Default: ${DEFAULT-VALUE}.")
    int modelCandidates = ModelSettings.DEFAULT.candidates();

    @Option(names = "--model-parents", paramLabel = "N",
            description = "model: best trials whose neighbours are scored. Default: ${DEFAULT-VALUE}.")
    int modelParents = ModelSettings.DEFAULT.parents();

    @Option(names = "--acquisition", paramLabel = "RULE", description = "model: ei or ucb. Default: "
            + "${DEFAULT-VALUE}.")
    String acquisition = ModelSettings.DEFAULT.acquisition().name().toLowerCase(
            java.util.Locale.ROOT);

    @Option(names = "--kappa", paramLabel = "K",
            description = "model: the weight of the uncertainty for ucb. Default: ${DEFAULT-VALUE}.")
    double kappa = ModelSettings.DEFAULT.kappa();

    @Spec
    CommandSpec spec;

    @Mixin
    ControllerOptions controller = new ControllerOptions(0.0, ControllerOptions.BENCH_FACTORIZED_LEARNING_RATE);

    @Option(names = "--strategy", paramLabel = "NAME", converter = ChoiceConverter.class, split = ",",
            description = "all, or one or more (comma-separated) of random, evolution, evolution-paper, reinforce, "
                    + "reinforce-lstm. Default: all.")
    List<Choice> strategy = List.of(Choice.all);

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

    /** How candidates are rewarded. */
    enum RewardKind {
        accuracy, mnas, abs
    }

    @Option(names = "--latency-device", paramLabel = "DEVICE",
            description = "Make the search hardware-aware with the published latency of each cell on this device: "
                    + "raspi4, pixel3, eyeriss, fpga, gold_6240 or titanxp_1. Reports the accuracy-latency Pareto "
                    + "front the runs saw and its hypervolume as a fraction of the true front's.")
    String latencyDevice;

    @Option(names = "--max-latency-ms", paramLabel = "X",
            description = "Hard limit: a cell slower than X ms is rejected before its training, at no cost.")
    Double maxLatencyMs;

    @Option(names = "--reward", paramLabel = "KIND",
            description = "accuracy (the signal), mnas (ACC x (LAT/T)^w) or abs (ACC + beta x |LAT/T - 1|). "
                    + "Default: ${DEFAULT-VALUE}.")
    RewardKind rewardKind = RewardKind.accuracy;

    @Option(names = "--target-ms", paramLabel = "T", description = "Latency target T of the mnas and abs rewards.")
    Double targetMs;

    @Option(names = "--w", paramLabel = "W", description = "Exponent of the mnas reward. Default: ${DEFAULT-VALUE}.")
    double w = -0.07;

    @Option(names = "--beta", paramLabel = "B", description = "Weight of the abs reward's penalty (negative). "
            + "Default: ${DEFAULT-VALUE}.")
    double beta = -0.07;

    /** The benchmark being searched, the columns that matter, and the latency of each row when asked for. */
    private record Setup(TabularBenchmark benchmark, String signal, String report, String valid, double scale,
                         double[] latencyMs) {
    }

    /** One strategy's runs, and the wall-clock seconds they took. */
    private record Result(Choice strategy, List<TabularSearch.Run> runs, double seconds)
            implements Pareto.StrategyRuns {
        @Override
        public String name() {
            return strategy.toString();
        }
    }

    @Override
    public Integer call() throws IOException {
        validate();
        long loadStart = System.nanoTime();
        Setup setup = setup();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        List<Choice> compared = strategy.contains(Choice.all)
                ? List.of(Choice.random, Choice.evolution, Choice.evolution_paper, Choice.reinforce,
                        Choice.reinforce_lstm)
                : strategy.stream().distinct().toList();
        Evaluator evaluator = setup.benchmark().evaluator(setup.signal(), setup.scale(), setup.latencyMs(),
                maxLatencyMs == null ? Double.POSITIVE_INFINITY : maxLatencyMs);
        List<Result> results = new ArrayList<>();
        for (Choice choice : compared) {
            LongFunction<Strategy> strategies = strategies(choice, setup.benchmark().space());
            long start = System.nanoTime();
            // The LSTM's updates take a process-wide autograd lock: more threads would only wait.
            List<TabularSearch.Run> done = TabularSearch.runMany(strategies, setup.benchmark(), evaluator, reward(),
                    budget, seed, runs, choice == Choice.reinforce_lstm ? 1 : threads);
            results.add(new Result(choice, done, (System.nanoTime() - start) / 1e9));
        }
        double[] report = setup.benchmark().table().column(setup.report());
        double optimum = optimum(report, setup.latencyMs());
        Pareto pareto = setup.latencyMs() == null ? null
                : new Pareto(setup.benchmark().table(), report, setup.latencyMs(), maxLatencyMs);
        if (out != null) {
            writeChosen(setup, results, out.resolve("chosen.csv"));
            writeAnytime(setup, results, out.resolve("anytime.csv"), out.resolve("anytime.png"));
            if (pareto != null) {
                pareto.write(results, out.resolve("pareto.csv"), out.resolve("pareto.png"));
            }
        }
        print(setup, results, optimum, pareto, loadSeconds);
        return 0;
    }

    /** The best report value in the space, among the cells within the hard limit when there is one. */
    private double optimum(double[] report, double[] latencyMs) {
        double best = Double.NEGATIVE_INFINITY;
        for (int row = 0; row < report.length; row++) {
            if (maxLatencyMs == null || latencyMs[row] <= maxLatencyMs) {
                best = Math.max(best, report[row]);
            }
        }
        return best;
    }

    private void validate() {
        Flags.requirePositive(spec, "--runs", runs);
        Flags.requirePositive(spec, "--threads", threads);
        Flags.requirePositive(spec, "--population", population);
        if (tournament < 1 || tournament > population) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--tournament must be between 1 and --population (" + population + "), got " + tournament);
        }
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
        if (latencyDevice != null && !Nb201.LATENCY_DEVICES.contains(latencyDevice)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--latency-device must be one of "
                    + Nb201.LATENCY_DEVICES + ", got '" + latencyDevice + "'");
        }
        if (latencyDevice != null && table != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--latency-device uses the latency published for the shipped table's cells; leave out --table");
        }
        boolean needsLatency = maxLatencyMs != null || rewardKind != RewardKind.accuracy;
        if (needsLatency && latencyDevice == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-latency-ms and --reward mnas|abs need latencies: add --latency-device DEVICE");
        }
        if (maxLatencyMs != null && !(maxLatencyMs > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-latency-ms must be a positive number, got " + maxLatencyMs);
        }
        if (rewardKind != RewardKind.accuracy && (targetMs == null || !(targetMs > 0))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--reward " + rewardKind + " needs a positive latency target: add --target-ms T");
        }
        controller.validate();
    }

    private Reward reward() {
        return switch (rewardKind) {
            case accuracy -> Reward.accuracy();
            case mnas -> new MnasReward(targetMs, w);
            case abs -> new AbsoluteReward(targetMs, beta);
        };
    }

    /** Each results row's latency on the device, through the latency table's arch_index. */
    private static double[] latencyByRow(BenchmarkTable results, String device) {
        BenchmarkTable latency = Nb201.loadLatency();
        double[] index = results.column("arch_index");
        double[] milliseconds = latency.column(device);
        double[] byRow = new double[results.rows()];
        for (int row = 0; row < byRow.length; row++) {
            byRow[row] = milliseconds[latency.rowOf(Long.toString((long) index[row]))];
        }
        return byRow;
    }

    private Setup setup() {
        if (table == null) {
            TabularBenchmark benchmark = Nb201Benchmark.load();
            double[] latency = latencyDevice == null ? null : latencyByRow(benchmark.table(), latencyDevice);
            return new Setup(benchmark, Nb201.SIGNAL, Nb201.TEST, Nb201.VALID_200, 0.01, latency);
        }
        try {
            BenchmarkTable userTable = BenchmarkTable.read(table, Nb201.KEY, Set.of(signalColumn, reportColumn));
            TabularBenchmark benchmark = Nb201Benchmark.of(userTable);
            // Accuracies in percent become fractions, as rewards are everywhere else.
            double scale = Summary.of(userTable.column(signalColumn)).max() > 1.0 ? 0.01 : 1.0;
            return new Setup(benchmark, signalColumn, reportColumn, null, scale, null);
        } catch (BenchmarkTableException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private LongFunction<Strategy> strategies(Choice choice, SearchSpace space) {
        StrategySpec spec = switch (choice) {
            case random -> new StrategySpec.Random();
            case evolution -> new StrategySpec.Evolution(new EvolutionSettings(population, tournament,
                    !allowRepeats), List.of());
            case evolution_paper -> new StrategySpec.Evolution(EVOLUTION_PAPER, List.of());
            case reinforce -> controller.spec(PolicyKind.factorized);
            case reinforce_lstm -> controller.spec(PolicyKind.lstm);
            case model -> new StrategySpec.Model(modelSettings());
            case all -> throw new IllegalStateException("'all' is expanded before running");
        };
        return seed -> Strategies.create(spec, space, seed);
    }

    /** The model's settings from its options; a bad one is a usage error that names the option's setting. */
    private ModelSettings modelSettings() {
        try {
            return new ModelSettings(modelInitial, modelCandidates, modelParents,
                    acquisition(), kappa);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--model-*: " + e.getMessage());
        }
    }

    private ModelSettings.Acquisition acquisition() {
        for (ModelSettings.Acquisition rule : ModelSettings.Acquisition.values()) {
            if (rule.name().equalsIgnoreCase(acquisition)) {
                return rule;
            }
        }
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--acquisition is ei or ucb, got '"
                + acquisition + "'");
    }

    private void print(Setup setup, List<Result> results, double optimum, Pareto pareto, double loadSeconds) {
        PrintWriter stdout = spec.commandLine().getOut();
        double[] report = setup.benchmark().table().column(setup.report());
        double[] valid = setup.valid() == null ? null : setup.benchmark().table().column(setup.valid());
        ObjectNode json = Json.object();
        ArrayNode rows = json.putArray("results");
        List<List<String>> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("strategy", "runs", "queries", setup.report() + " mean ± std"));
        if (valid != null) {
            header.add(setup.valid() + " mean ± std");
        }
        if (pareto != null) {
            header.addAll(List.of("latency ms", "hypervolume"));
            if (maxLatencyMs != null) {
                header.add("rejected");
            }
        }
        lines.add(header);
        for (Result result : results) {
            Summary queries = Summary.of(result.runs().stream().mapToDouble(TabularSearch.Run::queries).toArray());
            Summary test = Summary.of(result.runs().stream().mapToDouble(r -> report[r.chosenRow()]).toArray());
            ObjectNode row = rows.addObject();
            row.put("strategy", result.strategy().toString());
            row.put("runs", result.runs().size());
            row.put("queries_mean", queries.mean());
            row.put("test_mean", test.mean());
            row.put("test_std", test.std());
            row.put("seconds", result.seconds());
            List<String> line = new ArrayList<>(List.of(result.strategy().toString(),
                    Integer.toString(result.runs().size()), format("%.1f", queries.mean()), meanStd(test, "%.2f")));
            if (valid != null) {
                Summary v = Summary.of(result.runs().stream().mapToDouble(r -> valid[r.chosenRow()]).toArray());
                row.put("valid_mean", v.mean());
                row.put("valid_std", v.std());
                line.add(meanStd(v, "%.2f"));
            }
            if (pareto != null) {
                Summary latency = Summary.of(result.runs().stream()
                        .mapToDouble(r -> setup.latencyMs()[r.chosenRow()]).toArray());
                Summary fraction = Summary.of(result.runs().stream().mapToDouble(pareto::hypervolumeFraction)
                        .toArray());
                double rejected = result.runs().stream().mapToDouble(TabularSearch.Run::rejected).average()
                        .orElse(0);
                row.put("latency_ms_mean", latency.mean());
                row.put("hv_fraction_mean", fraction.mean());
                row.put("hv_fraction_std", fraction.std());
                row.put("rejected_mean", rejected);
                line.add(format("%.2f", latency.mean()));
                line.add(meanStd(fraction, "%.3f"));
                if (maxLatencyMs != null) {
                    line.add(format("%.1f", rejected));
                }
            }
            lines.add(line);
        }
        if (!this.json) {
            stdout.printf(Locale.ROOT, "%s: %d runs per strategy, budget %.0f simulated seconds, seeds %d..%d%n",
                    table == null ? "NAS-Bench-201 CIFAR-10" : table.toString(), runs, budget, seed,
                    seed + runs - 1);
            if (pareto != null) {
                stdout.printf(Locale.ROOT, "hardware-aware: %s latency, reward %s%s%n", latencyDevice,
                        describeReward(), maxLatencyMs == null ? "" : ", hard limit " + maxLatencyMs + " ms");
            }
            printAligned(stdout, lines);
        }
        json.put("optimal_test", optimum);
        json.put("load_seconds", loadSeconds);
        json.put("search_seconds", results.stream().mapToDouble(Result::seconds).sum());
        if (this.json) {
            stdout.println(json);
        } else {
            stdout.printf(Locale.ROOT, "best in the space%s: %.2f (%s)%n", maxLatencyMs == null ? ""
                    : " within the limit", optimum, setup.report());
            if (pareto != null) {
                stdout.println("hypervolume: of the accuracy-latency front each run saw, as a fraction of the true "
                        + "front's (" + pareto.trueFront().size() + " cells)");
            }
            if (out != null) {
                stdout.println("wrote " + out.resolve("chosen.csv") + ", " + out.resolve("anytime.csv") + " and "
                        + out.resolve("anytime.png"));
            }
        }
    }

    private String describeReward() {
        return switch (rewardKind) {
            case accuracy -> "accuracy";
            case mnas -> "ACC x (LAT/" + targetMs + ")^" + w;
            case abs -> "ACC + " + beta + " x |LAT/" + targetMs + " - 1|";
        };
    }

    /** Columns padded to their widest cell; the first left-aligned, the others right-aligned. */
    private static void printAligned(PrintWriter stdout, List<List<String>> lines) {
        int[] widths = new int[lines.get(0).size()];
        for (List<String> line : lines) {
            for (int c = 0; c < line.size(); c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < line.size(); c++) {
                String cell = line.get(c);
                String padding = " ".repeat(widths[c] - cell.length());
                text.append(c == 0 ? cell + padding : "   " + padding + cell);
            }
            stdout.println(text.toString().stripTrailing());
        }
    }

    private static String meanStd(Summary summary, String format) {
        return format(format, summary.mean()) + " ± " + format(format, summary.std());
    }

    private static String format(String format, double value) {
        return String.format(Locale.ROOT, format, value);
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
