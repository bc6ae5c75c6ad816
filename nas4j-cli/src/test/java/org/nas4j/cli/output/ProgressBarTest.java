package org.nas4j.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void drawsTheDoneShareAndTheTimeLeft() {
        assertEquals("\r  epoch 2/4 [#########.....................]  30%  ETA 2m20s",
                ProgressBar.line("epoch 2/4", 0.3, ProgressBar.eta(60, 0.3)));
        assertEquals("\r  x [##############################] 100%  ", ProgressBar.line("x", 1.7, ""));
        assertEquals("", ProgressBar.eta(5, 0));
        assertEquals("ETA 0m00s", ProgressBar.eta(5, 1));
    }
}
