package org.nas4j.cli.output;

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

class ConsoleProgressTest {
    private final Architecture architecture = SearchSpace.builder().decision("a", 0, 1).build().architecture(0);

    @Test
    void aResumedSearchCallsATrialBestOnlyWhenItBeatsTheEarlierTrialsToo() {
        StringWriter text = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text, true));
        progress.searchStarting(5400, 600, 3, 10, OptionalDouble.of(0.90), 100);
        progress.trialFinished(completed(3, 0.85));
        progress.trialFinished(TrialResult.pruned(4, architecture, "over the limit"));
        progress.trialFinished(completed(5, 0.95));
        List<String> lines = text.toString().lines().toList();
        assertEquals("candidates train on 5,400 images and are judged on 600 validation images", lines.get(0));
        assertEquals("resuming: 3 of 10 trials already done", lines.get(1));
        assertEquals(List.of(false, false, true), lines.subList(2, 5).stream()
                .map(line -> line.contains("best so far")).toList(), String.join("\n", lines));
    }

    @Test
    void aNewSearchCallsItsFirstCompletedTrialBest() {
        StringWriter text = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text, true));
        progress.searchStarting(5400, 600, 0, 10, OptionalDouble.empty(), 100);
        progress.trialFinished(completed(0, 0.10));
        progress.trialFinished(completed(1, 0.05));
        List<String> lines = text.toString().lines().toList();
        assertEquals(List.of(true, false), lines.subList(1, 3).stream().map(line -> line.contains("best so far"))
                        .toList(),
                String.join("\n", lines));
    }

    private TrialResult completed(int number, double reward) {
        return TrialResult.completed(number, architecture, new Metrics(reward, 1, 0.5, 1000, 2000), reward);
    }
}
