package org.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSpaceTest {
    private static final String YAML = """
            decisions:
              - name: stage1.block
                options: [conv, dwsep, mbconv]
              - name: stage1.kernel
                options: [3, 5, 7]
              - name: stage1.se
                options: [0, 0.25]
            """;

    private static SearchSpace built() {
        return SearchSpace.builder()
                .decision("stage1.block", "conv", "dwsep", "mbconv")
                .decision("stage1.kernel", 3, 5, 7)
                .decision("stage1.se", 0, 0.25)
                .build();
    }

    @Test
    void yamlAndBuilderGiveTheSameSpace() {
        SearchSpace fromYaml = SearchSpaceYaml.parse(YAML);
        assertEquals(built(), fromYaml);
        assertEquals(BigInteger.valueOf(18), fromYaml.cardinality());
        assertEquals(1, fromYaml.indexOf("stage1.kernel"));
        assertEquals(new OptionValue.Real(0.25), fromYaml.decision(2).option(1));
        assertEquals(new OptionValue.Int(0), fromYaml.decision(2).option(0));
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("space.yaml");
        Files.writeString(file, YAML);
        assertEquals(built(), SearchSpaceYaml.read(file));
        SearchSpaceException missing = assertThrows(SearchSpaceException.class,
                () -> SearchSpaceYaml.read(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("nope.yaml") && missing.getMessage().contains("does not exist"));
    }

    @Test
    void emptyOptionListIsAnErrorNamingTheDecision() {
        assertMessage("decision 'kernel' has no options", () -> SearchSpaceYaml.parse("""
                decisions:
                  - name: kernel
                    options: []
                """));
        assertMessage("decision 'kernel' has no options",
                () -> SearchSpace.builder().decision("kernel").build());
    }

    @Test
    void duplicateNamesAndOptionsAreErrors() {
        assertMessage("decision 'kernel' is defined twice", () -> SearchSpaceYaml.parse("""
                decisions:
                  - {name: kernel, options: [3, 5]}
                  - {name: kernel, options: [7]}
                """));
        assertMessage("decision 'kernel' is defined twice",
                () -> SearchSpace.builder().decision("kernel", 3).decision("kernel", 5).build());
        assertMessage("decision 'kernel' lists option '5' twice",
                () -> SearchSpace.builder().decision("kernel", 5, 5.0).build());
    }

    @Test
    void unknownKeysAreNamed() {
        assertMessage("decision 'kernel' has unknown key 'option'", () -> SearchSpaceYaml.parse("""
                decisions:
                  - {name: kernel, option: [3, 5]}
                """));
        assertMessage("unknown key 'decisons'", () -> SearchSpaceYaml.parse("decisons: []"));
    }

    @Test
    void wrongTypesAreNamedWithTheirValue() {
        assertMessage("decision 'kernel' needs 'options:' as a list", () -> SearchSpaceYaml.parse("""
                decisions:
                  - {name: kernel, options: 3}
                """));
        assertMessage("decision 'kernel' has option a boolean true", () -> SearchSpaceYaml.parse("""
                decisions:
                  - {name: kernel, options: [3, true]}
                """));
        assertMessage("decision 2 needs 'name:' as a text, got a number 7", () -> SearchSpaceYaml.parse("""
                decisions:
                  - {name: kernel, options: [3]}
                  - {name: 7, options: [3]}
                """));
        assertMessage("needs 'decisions:' as a list", () -> SearchSpaceYaml.parse("decisions: {a: 1}"));
    }

    @Test
    void malformedYamlSaysSo() {
        assertMessage("malformed YAML", () -> SearchSpaceYaml.parse("decisions: [ {name: kernel"));
        assertMessage("the YAML is empty", () -> SearchSpaceYaml.parse(""));
    }

    @Test
    void badNamesAreRejected() {
        assertMessage("decision name 'two words' is not valid",
                () -> SearchSpace.builder().decision("two words", 1).build());
        assertMessage("must not contain ','", () -> SearchSpace.builder().decision("op", "a,b").build());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        SearchSpaceException e = assertThrows(SearchSpaceException.class, action);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
