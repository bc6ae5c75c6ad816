package org.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private final SearchSpace space = SearchSpace.builder()
            .decision("block", "conv", "mbconv")
            .decision("kernel", 3, 5, 7)
            .decision("se", 0, 0.25)
            .build();

    @Test
    void canonicalStringRoundTrips() {
        Architecture a = space.architecture(1, 2, 1);
        assertEquals("block=mbconv,kernel=7,se=0.25", a.canonicalString());
        assertEquals(a, space.parse(a.canonicalString()));
    }

    @Test
    void jsonRoundTrips() {
        Architecture a = space.architecture(0, 1, 1);
        assertEquals("{\"block\":\"conv\",\"kernel\":5,\"se\":0.25}", a.toJson());
        assertEquals(a, space.fromJson(a.toJson()));
        // Members in another order and integral numbers written as reals read the same.
        assertEquals(a, space.fromJson("{\"se\":0.25,\"kernel\":5.0,\"block\":\"conv\"}"));
    }

    @Test
    void jsonMayLeaveOutOnlyDecisionsThatDoNotApply() {
        SearchSpace conditional = SearchSpaceYaml.parse("""
                decisions:
                  - {name: block, options: [conv, mbconv]}
                  - {name: expansion, options: [1, 6], applies_when: {block: [mbconv]}}
                """);
        assertEquals("block=conv,expansion=1", conditional.fromJson("{\"block\":\"conv\"}").canonicalString());
        SearchSpaceException missing = assertThrows(SearchSpaceException.class,
                () -> conditional.fromJson("{\"block\":\"mbconv\"}"));
        assertTrue(missing.getMessage().contains("no option for decision 'expansion'"), missing.getMessage());
    }

    @Test
    void equalityIsByChoices() {
        Architecture a = space.architecture(1, 0, 0);
        SearchSpace sameSpace = SearchSpaceYaml.parse("""
                decisions:
                  - {name: block, options: [conv, mbconv]}
                  - {name: kernel, options: [3, 5, 7]}
                  - {name: se, options: [0, 0.25]}
                """);
        assertEquals(a, sameSpace.architecture(1, 0, 0));
        assertEquals(a.hashCode(), sameSpace.architecture(1, 0, 0).hashCode());
        assertNotEquals(a, space.architecture(1, 1, 0));
        assertEquals(space.architecture(1, 1, 0), a.with(1, 1));
        assertEquals(List.of(1, 0, 0), a.choices());
    }

    @Test
    void typedAccessors() {
        Architecture a = space.architecture(1, 2, 1);
        assertEquals(7, a.intValue("kernel"));
        assertEquals(0.25, a.doubleValue("se"));
        assertEquals("mbconv", a.textValue("block"));
        assertThrows(SearchSpaceException.class, () -> a.intValue("block"));
        SearchSpaceException unknown = assertThrows(SearchSpaceException.class, () -> a.choice("depth"));
        assertTrue(unknown.getMessage().contains("no decision named 'depth'"));
    }

    @Test
    void invalidChoicesAreErrorsThatNameTheDecision() {
        SearchSpaceException outOfRange = assertThrows(SearchSpaceException.class,
                () -> space.architecture(0, 3, 0));
        assertTrue(outOfRange.getMessage().contains("decision 'kernel'"), outOfRange.getMessage());
        SearchSpaceException badOption = assertThrows(SearchSpaceException.class,
                () -> space.parse("block=conv,kernel=4,se=0"));
        assertTrue(badOption.getMessage().contains("decision 'kernel' has no option '4'"), badOption.getMessage());
        SearchSpaceException missing = assertThrows(SearchSpaceException.class,
                () -> space.fromJson("{\"block\":\"conv\",\"kernel\":3}"));
        assertTrue(missing.getMessage().contains("no option for decision 'se'"), missing.getMessage());
        SearchSpaceException extra = assertThrows(SearchSpaceException.class,
                () -> space.fromJson("{\"block\":\"conv\",\"kernel\":3,\"se\":0,\"depth\":2}"));
        assertTrue(extra.getMessage().contains("'depth'"), extra.getMessage());
        assertThrows(SearchSpaceException.class, () -> space.fromJson("{not json"));
    }
}
