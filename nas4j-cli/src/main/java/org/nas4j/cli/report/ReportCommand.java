package org.nas4j.cli.report;

import org.nas4j.cli.StudyFile;

import org.nas4j.study.StudyStorage.StudyInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nas4j.cli.UserInputException;
import org.nas4j.config.ConfigException;
import org.nas4j.config.StudyConfig;
import org.nas4j.scale.ScalingTable;
import org.nas4j.space.SearchSpaceException;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.store.StorageException;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage.StoredTrial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {"Write a study's report: one HTML file that opens in a browser without network access.",
            "It shows the study's settings and machine, the trials by state and the best one, the controller's "
                    + "probabilities over the trials (REINFORCE), the reward per trial, validation accuracy against "
                    + "latency with the Pareto front, the top trials, and why trials failed or were pruned."},
        footer = {"", "Examples:",
                "  ./nas4j report runs/fashion-mnist   writes runs/fashion-mnist/study.html",
                "  ./nas4j report runs/fashion-mnist/study.db --out /tmp/report.html",
                "  ./nas4j report shared.db --study fashion-mnist   a file with several studies"})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STUDY",
            description = "A study folder (holding study.db, as './nas4j search --out DIR' writes it) or the "
                    + "study file itself.")
    Path study;

    @Option(names = "--out", paramLabel = "FILE", description = "Where the HTML goes. Default: study.html next to "
            + "the study file.")
    Path out;

    @Option(names = "--study", paramLabel = "NAME", description = "Which study, when the file holds several.")
    String name;

    @Override
    public Integer call() {
        Path file = StudyFile.locate(study);
        Path target = out != null ? out : file.toAbsolutePath().resolveSibling("study.html");
        Written written = write(file, name, target);
        spec.commandLine().getOut().printf("study '%s': %d trials; wrote %s%n", written.study(), written.trials(),
                target);
        return 0;
    }

    /** What {@link #write(Path, String, Path)} wrote: the study's report, with this many trials. */
    public record Written(String study, int trials) {
    }

    /** Writes the report of the study named (the only one when null) in the study file, which is only read. */
    public static Written write(Path file, String name, Path target) {
        StudyInfo chosen;
        StudyConfig config;
        List<StoredTrial> trials;
        List<Curve> curves;
        try (SqliteStudyStorage storage = StudyFile.openReadOnly(file)) {
            List<StudyInfo> studies = storage.studies();
            // A scaling run's file holds its members and its grid: the members are the report.
            List<StudyInfo> scalings = studies.stream().filter(s -> ScalingTable.isScalingStudy(s.config())).toList();
            chosen = name == null && scalings.size() == 1 ? scalings.get(0) : StudyFile.choose(file, studies, name);
            if (ScalingTable.isGridStudy(chosen.config())) {
                throw new UserInputException("study '" + chosen.name() + "' is a scaling run's grid, which 'nas4j "
                        + "scale' prints; the report shows the run's members: leave out --study");
            }
            if (ScalingTable.isScalingStudy(chosen.config())) {
                // A scaling run ('nas4j scale'): its members, not a search's trials.
                List<StoredTrial> members = storage.trials(chosen.name(), ScalingTable.space(chosen.config()));
                write(target, ScalingPage.render(file, chosen, ScalingTable.read(chosen.config(), members,
                        file.toAbsolutePath().resolveSibling("models")),
                        members));
                return new Written(chosen.name(), members.size());
            }
            config = config(file, chosen);
            trials = storage.trials(chosen.name(), config.space());
            curves = storage.curves(chosen.name());
        } catch (StorageException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        write(target, ReportPage.render(new StudyReport(file, chosen, config, trials, curves)));
        return new Written(chosen.name(), trials.size());
    }

    /** The study's config as stored with it: the space it was searched in is needed to read its trials. */
    private static StudyConfig config(Path file, StudyInfo study) {
        try {
            return StudyConfig.parseStored(study.config());
        } catch (ConfigException | SearchSpaceException e) {
            throw new UserInputException("the config stored with study '" + study.name() + "' in " + file
                    + " cannot be read by this nas4j (" + e.getMessage() + "): report it with the nas4j version "
                    + "that ran it", e);
        }
    }

    private static void write(Path target, String html) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(target, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserInputException("cannot write the report to " + target + ": " + e.getMessage()
                    + "; choose another --out", e);
        }
    }
}
