package org.nas4j.bench.command.toy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.bench.command.ControllerOptions;
import org.nas4j.bench.command.ControllerOptions.PolicyKind;
import org.nas4j.cli.Flags;
import org.nas4j.cli.output.Csv;
import org.nas4j.cli.output.Json;
import org.nas4j.charts.LineChart;
import org.nas4j.charts.Series;
import org.nas4j.random.Rng;
import org.nas4j.reward.Reward;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.reinforce.Distributions;
import org.nas4j.strategy.reinforce.Reinforce;
import org.nas4j.study.SearchLoop;
import org.nas4j.toy.KernelSizeToy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "kernel-size",
        mixinStandardHelpOptions = true,
        description = {"A REINFORCE controller learns which kernel size is best.",
            "One decision, kernel 3, 5 or 7, with simulated rewards 0.7, 0.9 and 0.6 plus Gaussian noise "
                    + "(sigma 0.02). The controller starts uniform (zero logits); each step samples a kernel, "
                    + "receives its reward and takes one Adam step on -log p(kernel) x (reward - baseline).",
            "Writes DIR/history.csv (step, kernel, reward, probability of each kernel) and DIR/probabilities.png."},
        footer = {"", "Examples:",
                "  ./nas4j toy kernel-size                    one run, seed 1, 50 steps",
                "  ./nas4j toy kernel-size --no-baseline      the plain loss -log p x reward",
                "  ./nas4j toy kernel-size --runs 200 --json  seeds 1..200, summarized",
                "  ./nas4j toy kernel-size --policy lstm      the LSTM controller"})
public final class KernelSizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ControllerOptions controller;

    @Option(names = "--policy", paramLabel = "KIND",
            description = "Controller: factorized (independent logits) or lstm (the RNN controller). "
                    + "Default: ${DEFAULT-VALUE}.")
    PolicyKind policy = PolicyKind.factorized;

    @Option(names = "--steps", paramLabel = "N", description = "Controller steps per run. Default: ${DEFAULT-VALUE}.")
    int steps = 50;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the first run. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--runs", paramLabel = "R",
            description = "Independent runs with seeds S..S+R-1, summarized. Default: ${DEFAULT-VALUE}.")
    int runs = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("runs", "kernel-size");

    @Option(names = "--json", description = "Print only a JSON summary on stdout.")
    boolean json;

    /** One controller step: what was sampled, what it earned, and the probabilities after the update. */
    record Step(long seed, int step, int kernel, double reward, double[] probabilities) {
    }

    @Override
    public Integer call() throws IOException {
        validate();
        KernelSizeToy toy = new KernelSizeToy();
        List<List<Step>> histories = new ArrayList<>(runs);
        for (int run = 0; run < runs; run++) {
            histories.add(runOnce(toy, seed + run));
        }
        List<double[]> finals = histories.stream().map(h -> h.get(h.size() - 1).probabilities()).toList();
        double[] finalBest = finals.stream().mapToDouble(p -> p[KernelSizeToy.BEST]).toArray();
        double[] argmaxBest = finals.stream()
                .mapToDouble(p -> Distributions.argmax(p) == KernelSizeToy.BEST ? 1 : 0).toArray();
        Path history = out.resolve("history.csv");
        Path plot = out.resolve("probabilities.png");
        writeHistory(histories, history);
        plotProbabilities(histories, plot);

        PrintWriter stdout = spec.commandLine().getOut();
        Summary best = Summary.of(finalBest);
        double fractionAbove = Summary.fraction(finalBest, p -> p > 0.8);
        double fractionArgmax = Summary.of(argmaxBest).mean();
        if (json) {
            ObjectNode result = Json.object();
            result.put("runs", runs);
            result.put("steps", steps);
            result.put("median_p_best", best.median());
            result.put("frac_p_best_gt_0_8", fractionAbove);
            result.put("frac_argmax_best", fractionArgmax);
            stdout.println(result);
            return 0;
        }
        stdout.println("kernel-size toy: " + controller.describe(policy) + ", " + steps + " steps, "
                + (runs == 1 ? "seed " + seed : runs + " runs, seeds " + seed + ".." + (seed + runs - 1)));
        if (runs == 1) {
            printTrace(stdout, histories.get(0));
        }
        stdout.printf(Locale.ROOT, "P(kernel 5) after %d steps: median %.3f; above 0.8 in %.1f%% of runs; "
                + "kernel 5 most likely in %.1f%% of runs%n", steps, best.median(), 100 * fractionAbove,
                100 * fractionArgmax);
        stdout.println("wrote " + history + " and " + plot);
        return 0;
    }

    private void validate() {
        Flags.requirePositive(spec, "--steps", steps);
        Flags.requirePositive(spec, "--runs", runs);
        controller.validate();
    }

    private List<Step> runOnce(KernelSizeToy toy, long runSeed) {
        List<Step> history = new ArrayList<>(steps);
        try (Reinforce strategy = controller.reinforce(toy.space(), policy, Rng.derive(runSeed, "strategy"))) {
            new SearchLoop(strategy, toy, Reward.accuracy(), runSeed).run(steps, (trial, s) -> history.add(new Step(
                    runSeed, trial.number() + 1, trial.architecture().choice(0), trial.reward(),
                    s.choiceProbabilities().orElseThrow().get(0))));
        }
        return history;
    }

    private void writeHistory(List<List<Step>> histories, Path file) {
        try (Csv csv = Csv.create(file, List.of("seed", "step", "kernel", "reward", "p_kernel3", "p_kernel5",
                "p_kernel7"))) {
            for (List<Step> history : histories) {
                for (Step step : history) {
                    double[] p = step.probabilities();
                    csv.row(step.seed(), step.step(), KernelSizeToy.KERNELS.get(step.kernel()), step.reward(),
                            p[0], p[1], p[2]);
                }
            }
        }
    }

    /** One line per kernel: its probability after each step (the mean over runs when there are several). */
    private void plotProbabilities(List<List<Step>> histories, Path file) throws IOException {
        LineChart.Builder chart = LineChart.builder()
                .title(runs == 1 ? "Controller's probability of each kernel size (seed " + seed + ")"
                        : "Controller's probability of each kernel size (mean of " + runs + " runs)")
                .xLabel("controller step")
                .yLabel("probability")
                .yRange(0, 1);
        for (int k = 0; k < KernelSizeToy.KERNELS.size(); k++) {
            double[] xs = new double[steps + 1];
            double[] ys = new double[steps + 1];
            ys[0] = 1.0 / KernelSizeToy.KERNELS.size(); // zero logits: uniform before the first step
            for (int t = 1; t <= steps; t++) {
                xs[t] = t;
                double sum = 0;
                for (List<Step> history : histories) {
                    sum += history.get(t - 1).probabilities()[k];
                }
                ys[t] = sum / histories.size();
            }
            chart.add(new Series(String.format(Locale.ROOT, "kernel %d (reward %.1f)", KernelSizeToy.KERNELS.get(k),
                    KernelSizeToy.MEAN_REWARDS.get(k)), xs, ys));
        }
        chart.build().writePng(file);
    }

    private void printTrace(PrintWriter stdout, List<Step> history) {
        stdout.println(" step  kernel  reward   P(3)   P(5)   P(7)");
        for (Step step : history) {
            if (step.step() == 1 || step.step() % 10 == 0 || step.step() == steps) {
                double[] p = step.probabilities();
                stdout.printf(Locale.ROOT, "%5d  %6d  %6.3f  %5.3f  %5.3f  %5.3f%n", step.step(),
                        KernelSizeToy.KERNELS.get(step.kernel()), step.reward(), p[0], p[1], p[2]);
            }
        }
    }
}
