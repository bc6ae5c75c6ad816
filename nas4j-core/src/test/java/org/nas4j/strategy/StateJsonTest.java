package org.nas4j.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.nas4j.space.SearchSpace;

class StateJsonTest {
    private final SearchSpace space = SearchSpace.builder().decision("a", 1, 2, 3).decision("b", "x", "y").build();

    @Test
    void aStateCarriesItsKindAndFormat() {
        ObjectNode state = StateJson.newState("random");
        assertEquals("random", state.get("kind").asText());
        assertEquals(StateJson.FORMAT, state.get("format").asInt());
        assertEquals(state, StateJson.expect(state, "random"));
    }

    /** States written before the format field existed are format 1, and restore as they always did. */
    @Test
    void aStateWithoutFormatIsFormat1() {
        RandomSearch original = new RandomSearch(space, 4);
        RandomSearchTest.draw(original, 3);
        ObjectNode old = original.saveState();
        old.remove("format");
        RandomSearch restored = new RandomSearch(space, 0);
        restored.restoreState(old);
        assertEquals(RandomSearchTest.draw(original, 10), RandomSearchTest.draw(restored, 10));
    }

    @Test
    void aStateOfANewerFormatIsRefused() {
        ObjectNode newer = new RandomSearch(space, 4).saveState().put("format", StateJson.FORMAT + 1);
        StrategyStateException e = assertThrows(StrategyStateException.class,
                () -> new RandomSearch(space, 0).restoreState(newer));
        assertTrue(e.getMessage().startsWith("saved by a newer nas4j: the state of strategy 'random' has format "
                + (StateJson.FORMAT + 1)), e.getMessage());
    }

    @Test
    void aStateOfAnImpossibleFormatIsRefused() {
        ObjectNode zero = StateJson.newState("random").put("format", 0);
        assertTrue(assertThrows(StrategyStateException.class, () -> StateJson.expect(zero, "random")).getMessage()
                .contains("formats start at 1"));
        ObjectNode text = StateJson.newState("random").put("format", "one");
        assertTrue(assertThrows(StrategyStateException.class, () -> StateJson.expect(text, "random")).getMessage()
                .contains("no integer 'format'"));
    }

    @Test
    void aStateOfAnotherKindIsRefused() {
        StrategyStateException e = assertThrows(StrategyStateException.class,
                () -> StateJson.expect(StateJson.newState("evolution"), "random"));
        assertTrue(e.getMessage().contains("for strategy 'evolution', not 'random'"), e.getMessage());
    }
}
