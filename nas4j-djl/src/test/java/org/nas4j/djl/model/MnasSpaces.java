package org.nas4j.djl.model;

import java.util.HashMap;
import java.util.Map;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/** The MnasNet-style space of the model package, built in code, and a way to write its architectures briefly. */
final class MnasSpaces {
    static final SearchSpace SPACE = space();

    private MnasSpaces() {
    }

    private static SearchSpace space() {
        SearchSpace.Builder builder = SearchSpace.builder();
        int[][] filters = {{16, 24, 32}, {32, 48, 64}, {64, 96, 128}};
        for (int s = 1; s <= 3; s++) {
            builder.decision("stage" + s + ".block", "conv", "dwsep", "mbconv")
                    .decision("stage" + s + ".kernel", 3, 5, 7)
                    .decision("stage" + s + ".expansion", 1, 3, 6)
                    .decision("stage" + s + ".se", 0, 0.25)
                    .decision("stage" + s + ".layers", 1, 2, 3)
                    .decision("stage" + s + ".filters", filters[s - 1][0], filters[s - 1][1], filters[s - 1][2])
                    .decision("stage" + s + ".skip", "none", "identity");
        }
        return builder.build();
    }

    /**
     * An architecture from one short text per stage, "block kernel expansion se layers filters skip", e.g.
     * {@code arch("conv 3 1 0 1 16 none", "dwsep 3 1 0.25 1 32 none", "mbconv 3 3 0 1 64 none")}.
     */
    static Architecture arch(String... stages) {
        String[] fields = {"block", "kernel", "expansion", "se", "layers", "filters", "skip"};
        Map<String, String> chosen = new HashMap<>();
        for (int s = 1; s <= stages.length; s++) {
            String[] values = stages[s - 1].trim().split("\\s+");
            for (int f = 0; f < fields.length; f++) {
                chosen.put("stage" + s + "." + fields[f], values[f]);
            }
        }
        StringBuilder canonical = new StringBuilder();
        for (String name : SPACE.names()) {
            canonical.append(canonical.length() == 0 ? "" : ",").append(name).append('=').append(chosen.get(name));
        }
        return SPACE.parse(canonical.toString());
    }
}
