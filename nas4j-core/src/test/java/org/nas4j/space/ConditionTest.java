package org.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.eval.Evaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.eval.TrialContext;
import org.nas4j.reward.Reward;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.study.SearchLoop;

class ConditionTest {
    private static final String YAML = """
            decisions:
              - {name: block, options: [conv, dwsep, mbconv]}
              - {name: expansion, options: [1, 3, 6], applies_when: {block: [mbconv]}}
              - {name: se, options: [0, 0.25], applies_when: {block: [dwsep, mbconv]}}
              - {name: layers, options: [1, 2, 3]}
              - {name: skip, options: [none, identity], applies_when: {layers: [2, 3]}}
            """;

    private static SearchSpace built() {
        return SearchSpace.builder()
                .decision("block", "conv", "dwsep", "mbconv")
                .decision("expansion", 1, 3, 6).when("block", "mbconv")
                .decision("se", 0, 0.25).when("block", "dwsep", "mbconv")
                .decision("layers", 1, 2, 3)
                .decision("skip", "none", "identity").when("layers", 2, 3)
                .build();
    }

    @Test
    void yamlAndBuilderAgree() {
        assertEquals(built(), SearchSpaceYaml.parse(YAML));
    }

    @Test
    void decisionsThatDoNotApplyAreFixedAtTheirFirstOption() {
        SearchSpace space = built();
        Architecture convWithExtras = space.parse("block=conv,expansion=6,se=0.25,layers=1,skip=identity");
        assertEquals(space.parse("block=conv,expansion=1,se=0,layers=1,skip=none"), convWithExtras.canonical());
        Architecture mbconv = space.parse("block=mbconv,expansion=6,se=0.25,layers=2,skip=identity");
        assertEquals(mbconv, mbconv.canonical(), "everything applies to an mbconv stage of 2 layers");
        Architecture dwsep = space.parse("block=dwsep,expansion=3,se=0.25,layers=3,skip=identity");
        assertEquals(space.parse("block=dwsep,expansion=1,se=0.25,layers=3,skip=identity"), dwsep.canonical());
        assertFalse(space.applies(1, dwsep));
        assertTrue(space.applies(2, dwsep));
        assertNotEquals(convWithExtras, convWithExtras.canonical(), "equality stays by raw choices");
    }

    @Test
    void theSearchLoopEvaluatesTheCanonicalForm() {
        SearchSpace space = built();
        List<Architecture> evaluated = new ArrayList<>();
        Evaluator recorder = new Evaluator() {
            @Override
            public SearchSpace space() {
                return space;
            }

            @Override
            public Metrics evaluate(Architecture architecture, TrialContext context) {
                evaluated.add(architecture);
                return Metrics.ofAccuracy(0.5);
            }
        };
        new SearchLoop(new RandomSearch(space, 3), recorder, Reward.accuracy(), 1).run(200, (t, s) -> { });
        for (Architecture architecture : evaluated) {
            assertEquals(architecture, architecture.canonical());
        }
        assertTrue(evaluated.stream().distinct().count() <= 45);
    }

    @Test
    void equivalentArchitecturesCollapse() {
        SearchSpace space = built();
        java.util.Set<Architecture> distinct = new java.util.HashSet<>();
        for (long ordinal = 0; ordinal < space.cardinality().longValue(); ordinal++) {
            distinct.add(space.architectureAt(ordinal).canonical());
        }
        // conv: 5 (layers 1, or 2-3 with or without skip); dwsep: x2 for SE; mbconv: x3 expansions x2 SE.
        assertEquals(108, space.cardinality().intValue());
        assertEquals(5 + 10 + 30, distinct.size());
    }

    @Test
    void aSpaceWrittenOutReadsBackEqual() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String text = json.writeValueAsString(SearchSpaceYaml.toNode(built()));
        assertEquals(built(), SearchSpaceYaml.fromNode(json.readTree(text)));
    }

    @Test
    void conditionsMayOnlyLookBackAtRealOptions() {
        assertMessage("no decision 'layers' comes before it", () -> SearchSpace.builder()
                .decision("skip", "none", "identity").when("layers", 2)
                .decision("layers", 1, 2).build());
        assertMessage("'block' is 'resnet', which is not one of its options", () -> SearchSpace.builder()
                .decision("block", "conv", "mbconv")
                .decision("expansion", 1, 3).when("block", "resnet").build());
        assertMessage("needs 'applies_when:' as a mapping", () -> SearchSpaceYaml.parse("""
                decisions:
                  - {name: block, options: [conv]}
                  - {name: expansion, options: [1], applies_when: [block]}
                """));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        SearchSpaceException e = assertThrows(SearchSpaceException.class, action);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
