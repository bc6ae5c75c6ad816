package org.nas4j.search;

import java.util.Objects;
import java.util.Optional;

/**
 * A study's identity, seed and budget.
 *
 * @param seed              every strategy, trial and data split derives its own seed from it
 * @param trials            trials that run to their end before the search stops (rejected candidates count)
 * @param timeBudgetMinutes when present, no trial starts once the study's trials have taken this long in all
 */
public record StudySettings(String name, long seed, int trials, Optional<Double> timeBudgetMinutes) {
    public StudySettings {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must be 1 to 200 characters, got '" + name + "'");
        }
        if (trials < 1 || trials > 1_000_000) {
            throw new IllegalArgumentException("trials must be in [1, 1000000], got " + trials);
        }
        timeBudgetMinutes.ifPresent(minutes -> {
            if (!(minutes >= 0.01 && minutes <= 1e7)) {
                throw new IllegalArgumentException("time_budget_minutes must be in [0.01, 1e7], got " + minutes);
            }
        });
    }

    /** A study of this name and seed, 20 trials, no time budget. */
    public static StudySettings of(String name, long seed) {
        return new StudySettings(name, seed, 20, Optional.empty());
    }

    public StudySettings withTrials(int count) {
        return new StudySettings(name, seed, count, timeBudgetMinutes);
    }

    public StudySettings withTimeBudgetMinutes(double minutes) {
        return new StudySettings(name, seed, trials, Optional.of(minutes));
    }
}
