package org.nas4j.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.nas4j.eval.Metrics;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.study.TrialResult;

class ProgressTest {
    private final Architecture architecture = SearchSpace.builder().decision("a", 0, 1).build().architecture(0);

    @Test
    void aResumedSearchCallsATrialBestOnlyWhenItBeatsTheEarlierTrialsToo() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text, true), 10);
        progress.start(3, OptionalDouble.of(0.90));
        progress.trial(completed(3, 0.85));
        progress.trial(TrialResult.pruned(4, architecture, "over the limit"));
        progress.trial(completed(5, 0.95));
        List<String> lines = text.toString().lines().toList();
        assertEquals("resuming: 3 of 10 trials already done", lines.get(0));
        assertEquals(List.of(false, false, true), lines.subList(1, 4).stream()
                .map(line -> line.contains("best so far")).toList(), String.join("\n", lines));
    }

    @Test
    void aNewSearchCallsItsFirstCompletedTrialBest() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text, true), 10);
        progress.start(0, OptionalDouble.empty());
        progress.trial(completed(0, 0.10));
        progress.trial(completed(1, 0.05));
        List<String> lines = text.toString().lines().toList();
        assertEquals(List.of(true, false), lines.stream().map(line -> line.contains("best so far")).toList(),
                String.join("\n", lines));
    }

    private TrialResult completed(int number, double reward) {
        return TrialResult.completed(number, architecture, new Metrics(reward, 1, 0.5, 1000, 2000), reward);
    }
}
