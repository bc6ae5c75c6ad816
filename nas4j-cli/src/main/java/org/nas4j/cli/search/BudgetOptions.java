package org.nas4j.cli.search;

import java.util.Optional;
import org.nas4j.config.StudyConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The flags that override a study's budget, for {@code search} and {@code worker} alike. */
public final class BudgetOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--trials", paramLabel = "N", description = "Override the config's number of trials (counted "
            + "across every worker of a shared study).")
    Integer trials;

    @Option(names = "--minutes", paramLabel = "M", description = "Override the config's study.time_budget_minutes: "
            + "start no new trial once the study's trials have taken this long (earlier runs included; for workers, "
            + "the time of every worker's trials added up).")
    Double minutes;

    /** The trials to run to: the flag's, else the config's. */
    int total(StudyConfig config) {
        int total = trials != null ? trials : config.study().trials();
        if (total < 1) {
            throw new ParameterException(spec.commandLine(), "--trials must be a positive integer, got " + total);
        }
        return total;
    }

    /** The time budget in minutes: the flag's, else the config's, else none. */
    Optional<Double> minutes(StudyConfig config) {
        if (minutes != null && !(minutes > 0)) {
            throw new ParameterException(spec.commandLine(), "--minutes must be a positive number, got " + minutes);
        }
        return Optional.ofNullable(minutes).or(() -> config.study().timeBudgetMinutes());
    }
}
