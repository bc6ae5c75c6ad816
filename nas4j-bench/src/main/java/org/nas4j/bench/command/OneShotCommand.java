package org.nas4j.bench.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.bench.oneshot.RankingBenchmark;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.Flags;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.supernet.Sharing;
import org.nas4j.search.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "one-shot",
        mixinStandardHelpOptions = true,
        description = {"How faithfully a supernet ranks architectures: draws architectures spread over the "
                + "multiply-adds of those within the config's limits (multiply-adds standing in for its latency "
                + "limit), trains each on its own with the config's training recipe on the search split, scores "
                + "them on the config's supernet (trained first, for each way of sharing, with and without "
                + "BatchNorm recalibration), then prints Kendall's tau between each scoring and the stand-alone "
                + "validation accuracy, with its 95%% bootstrap interval, Spearman's rho and the precision of the "
                + "top 10%%. Results are kept in --out as they are measured; run again to go on."},
        footer = {"", "Examples:",
                "  ./nas4j bench one-shot --data /usr/share/datasets/fashion-mnist --out runs/ranking",
                "  ./nas4j bench one-shot --architectures 10 --sharing entangled --out runs/ranking-small"})
public final class OneShotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "One-shot study config: its space, split, "
            + "supernet and training recipe. Default: ${DEFAULT-VALUE}.")
    Path config = Path.of("examples", "fashion-mnist-one-shot.yaml");

    @Mixin
    DataOptions data;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the results and the "
            + "supernet checkpoints.")
    Path out;

    @Option(names = "--architectures", paramLabel = "N", description = "Architectures to rank. Default: "
            + "${DEFAULT-VALUE}.")
    int architectures = 30;

    @Option(names = "--sharing", paramLabel = "S", split = ",", description = "Ways of sharing to measure: "
            + "entangled, per-choice. Default: both.")
    List<String> sharings = List.of("entangled", "per-choice");

    @Option(names = "--no-stand-alone", description = "Train nothing on its own: score, and compare with the "
            + "stand-alone trainings already in --out.")
    boolean noStandAlone;

    @Option(names = "--stand-alone-epochs", paramLabel = "N", description = "Epochs of each stand-alone training "
            + "(the config's recipe otherwise, its one-cycle schedule fitted to them). Default: the config's "
            + "training.epochs.")
    Integer standAloneEpochs;

    @Option(names = "--json", description = "Print the agreements as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Flags.requirePositive(spec, "--architectures", architectures);
        Flags.requirePositiveIfGiven(spec, "--stand-alone-epochs", standAloneEpochs);
        if (noStandAlone && standAloneEpochs != null) {
            throw new ParameterException(spec.commandLine(), "--no-stand-alone trains nothing on its own, so "
                    + "--stand-alone-epochs has no use with it; give one of them");
        }
        List<Sharing> ways = new ArrayList<>();
        for (String text : sharings) {
            try {
                ways.add(Sharing.fromText(text));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--sharing: " + e.getMessage());
            }
        }
        StudyConfig study = ConfigFile.read(config);
        study = study.withData(data.applyTo(study.data()));
        TrainTest images = data.source(study.data()).load();
        NetworkSettings network = Study.network(study, images);
        TrainingData split = Study.searchData(study, images);
        PrintWriter err = spec.commandLine().getErr();
        RankingBenchmark benchmark = new RankingBenchmark(study, network, split, out, line -> {
            err.println(line);
            err.flush();
        });
        long seed = study.study().seed();
        List<RankingBenchmark.Agreement> agreements;
        try {
            agreements = benchmark.run(RankingBenchmark.spread(study, network, architectures, seed), ways,
                    standAloneEpochs == null ? study.training().epochs() : standAloneEpochs, !noStandAlone, seed);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        print(agreements);
        return 0;
    }

    private void print(List<RankingBenchmark.Agreement> agreements) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.object();
            ArrayNode rows = root.putArray("agreements");
            for (RankingBenchmark.Agreement a : agreements) {
                rows.addObject().put("scoring", a.scoring()).put("architectures", a.architectures())
                        .put("kendall_tau", a.tau().estimate()).put("tau_low", a.tau().low())
                        .put("tau_high", a.tau().high()).put("spearman", a.spearman())
                        .put("top10_precision", a.top10Precision());
            }
            stdout.println(root);
            return;
        }
        stdout.printf("%-45s %5s %22s %8s %8s%n", "scoring", "archs", "Kendall tau [95% CI]", "Spearman", "top-10%");
        for (RankingBenchmark.Agreement a : agreements) {
            stdout.printf(Locale.ROOT, "%-45s %5d %7.3f [%6.3f, %6.3f] %8.3f %8.2f%n", a.scoring(),
                    a.architectures(), a.tau().estimate(), a.tau().low(), a.tau().high(), a.spearman(),
                    a.top10Precision());
        }
    }
}
