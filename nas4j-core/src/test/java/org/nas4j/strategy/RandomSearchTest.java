package org.nas4j.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

class RandomSearchTest {
    private final SearchSpace space = SearchSpace.builder().decision("a", 1, 2, 3).decision("b", "x", "y").build();

    @Test
    void coversTheSpaceAndIsSeeded() {
        RandomSearch search = new RandomSearch(space, 1);
        Set<Architecture> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(search.ask());
        }
        assertEquals(6, seen.size());
        assertEquals(draw(new RandomSearch(space, 8), 10), draw(new RandomSearch(space, 8), 10));
    }

    @Test
    void resumesExactly() {
        RandomSearch original = new RandomSearch(space, 4);
        draw(original, 7);
        RandomSearch restored = new RandomSearch(space, 0);
        restored.restoreState(original.saveState());
        assertEquals(draw(original, 20), draw(restored, 20));
    }

    static List<Architecture> draw(RandomSearch search, int n) {
        List<Architecture> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            result.add(search.ask());
        }
        return result;
    }
}
