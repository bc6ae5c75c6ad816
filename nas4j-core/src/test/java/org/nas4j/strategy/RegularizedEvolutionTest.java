package org.nas4j.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

class RegularizedEvolutionTest {
    private final SearchSpace space = SearchSpace.builder()
            .decision("a", 0, 1, 2, 3).decision("fixed", "x").decision("b", 0, 1, 2).decision("c", 0, 1).build();

    /** Reward: how many decisions are at their highest option. */
    private static double reward(Architecture a) {
        return (a.choice(0) == 3 ? 1 : 0) + (a.choice(2) == 2 ? 1 : 0) + (a.choice(3) == 1 ? 1 : 0);
    }

    @Test
    void aMutationChangesExactlyOneMutableDecisionToAnotherOption() {
        Rng rng = new Rng(1);
        Architecture parent = space.architecture(1, 0, 1, 0);
        int[] changedCounts = new int[space.size()];
        for (int i = 0; i < 3000; i++) {
            Architecture child = RegularizedEvolution.mutate(parent, space, rng);
            int changed = 0;
            for (int d = 0; d < space.size(); d++) {
                if (child.choice(d) != parent.choice(d)) {
                    changed++;
                    changedCounts[d]++;
                }
            }
            assertEquals(1, changed);
        }
        assertEquals(0, changedCounts[1], "a decision with one option never changes");
        for (int d : new int[] {0, 2, 3}) {
            assertEquals(1000, changedCounts[d], 120, "mutable decisions are picked uniformly");
        }
    }

    @Test
    void findsTheOptimumAndProposesNothingTwiceWhenAskedNotTo() {
        RegularizedEvolution evolution = new RegularizedEvolution(space, new EvolutionSettings(5, 3, true), 4);
        Set<Architecture> proposed = new HashSet<>();
        double best = 0;
        for (int i = 0; i < 20; i++) {
            Architecture a = evolution.ask();
            assertTrue(proposed.add(a), "proposed twice: " + a);
            evolution.tell(a, reward(a));
            best = Math.max(best, reward(a));
        }
        assertEquals(3, best);
    }

    /** Expansion matters only for MBConv: a conv parent's expansion is never what a mutation changes. */
    @Test
    void mutatesOnlyDecisionsThatApplyAndProposesNoEquivalentArchitectureTwice() {
        SearchSpace conditional = org.nas4j.space.SearchSpaceYaml.parse("""
                decisions:
                  - {name: block, options: [conv, mbconv]}
                  - {name: expansion, options: [1, 3, 6], applies_when: {block: [mbconv]}}
                  - {name: kernel, options: [3, 5, 7]}
                """);
        Architecture conv = conditional.parse("block=conv,expansion=1,kernel=3");
        Rng rng = new Rng(2);
        for (int i = 0; i < 300; i++) {
            Architecture child = RegularizedEvolution.mutate(conv, conditional, rng);
            assertEquals(0, child.choice("expansion"), "changed a decision that does not apply: " + child);
            assertNotEquals(conv, child.canonical());
        }
        // conv x 3 kernels + mbconv x 3 expansions x 3 kernels: 12 distinct networks, each proposed once.
        RegularizedEvolution evolution = new RegularizedEvolution(conditional, new EvolutionSettings(3, 2, true), 5);
        Set<Architecture> proposed = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            Architecture a = evolution.ask();
            assertEquals(a, a.canonical());
            assertTrue(proposed.add(a), "proposed an equivalent architecture twice: " + a);
            evolution.tell(a, a.choice("kernel"));
        }
    }

    @Test
    void resumesExactly() {
        RegularizedEvolution original = new RegularizedEvolution(space, new EvolutionSettings(4, 2, true), 9);
        for (int i = 0; i < 7; i++) {
            Architecture a = original.ask();
            original.tell(a, reward(a));
        }
        RegularizedEvolution restored = new RegularizedEvolution(space, new EvolutionSettings(4, 2, true), 0);
        restored.restoreState(original.saveState());
        assertEquals(original.saveState(), restored.saveState());
        assertEquals(continueFor(original), continueFor(restored));
    }

    @Test
    void proposesTheStartArchitecturesFirstThenEvolvesFromThem() {
        List<Architecture> start = List.of(space.architecture(3, 0, 2, 0), space.architecture(0, 0, 0, 1));
        // A population of 2 is full with the start architectures: every later proposal is a mutation of one of them
        // or of their offspring.
        RegularizedEvolution evolution = new RegularizedEvolution(space, new EvolutionSettings(2, 2, true), start, 5);
        List<Architecture> proposed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Architecture a = evolution.ask();
            proposed.add(a);
            evolution.tell(a, reward(a));
        }
        assertEquals(start, proposed.subList(0, 2));
        Architecture child = proposed.get(2);
        assertTrue(start.stream().anyMatch(parent -> differences(parent, child) == 1),
                "a mutation of a start architecture: " + proposed);
        assertTrue(!start.contains(child), "the start architectures count as seen");
        // A restore in the middle of the start architectures continues with the next one.
        RegularizedEvolution first = new RegularizedEvolution(space, new EvolutionSettings(4, 2, true), start, 5);
        first.tell(first.ask(), 1);
        RegularizedEvolution restored = new RegularizedEvolution(space, new EvolutionSettings(4, 2, true), start, 0);
        restored.restoreState(first.saveState());
        assertEquals(start.get(1), restored.ask());
    }

    @Test
    void fillsTheFirstPopulationWithMutationsOfTheStartWhenAskedTo() {
        SearchSpace wide = SearchSpace.builder().decision("a", 0, 1, 2, 3).decision("b", 0, 1, 2, 3)
                .decision("c", 0, 1, 2, 3).decision("d", 0, 1, 2, 3).decision("e", 0, 1, 2, 3).build();
        Architecture start = wide.architecture(0, 1, 2, 3, 0);
        RegularizedEvolution evolution = new RegularizedEvolution(wide,
                new EvolutionSettings(10, 3, true, EvolutionSettings.Initial.MUTATIONS), List.of(start), 3);
        List<Architecture> proposed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Architecture a = evolution.ask();
            for (Architecture earlier : proposed) {
                assertNotEquals(earlier, a);
            }
            if (i > 0) {
                // A random architecture of this space is one decision away from a given one with probability 15/1024.
                assertTrue(proposed.stream().anyMatch(parent -> differences(parent, a) == 1),
                        "proposal " + i + " is a mutation of an earlier one: " + a + " after " + proposed);
            }
            proposed.add(a);
            evolution.tell(a, 0.5);
        }
        assertEquals(start, proposed.get(0));
        // Resumed in the middle of the fill, it goes on mutating.
        RegularizedEvolution restored = new RegularizedEvolution(wide,
                new EvolutionSettings(10, 3, true, EvolutionSettings.Initial.MUTATIONS), List.of(start), 0);
        RegularizedEvolution first = new RegularizedEvolution(wide,
                new EvolutionSettings(10, 3, true, EvolutionSettings.Initial.MUTATIONS), List.of(start), 3);
        first.tell(first.ask(), 0.5);
        restored.restoreState(first.saveState());
        assertEquals(1, differences(start, restored.ask()));
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new EvolutionSettings(0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new EvolutionSettings(5, 6, false));
        assertNotEquals(new EvolutionSettings(5, 3, true), new EvolutionSettings(5, 3, false));
    }

    private List<Architecture> continueFor(RegularizedEvolution evolution) {
        List<Architecture> seen = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Architecture a = evolution.ask();
            evolution.tell(a, reward(a));
            seen.add(a);
        }
        return seen;
    }

    private static int differences(Architecture a, Architecture b) {
        int count = 0;
        for (int d = 0; d < a.space().size(); d++) {
            count += a.choice(d) == b.choice(d) ? 0 : 1;
        }
        return count;
    }
}
