package io.meshlens.processor.attraction;

import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.config.Mark;
import io.meshlens.model.Attributes;
import io.meshlens.testing.ProcessorsConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActionsParserTest {
    static List<ActionConfig> parse(String yaml, ConfigErrors errors) {
        ConfigReader r = ProcessorsConfigs.fromYaml(yaml, errors);
        List<ActionConfig> out = ActionsParser.parse(r, "actions");
        r.finish();
        return out;
    }

    @Test
    void readsEveryField() {
        ConfigErrors errors = new ConfigErrors();
        List<ActionConfig> a = parse("""
                actions:
                  - key: layer
                    value: mesh
                    action: INSERT
                  - key: job
                    from_attribute: service.name
                    action: upsert
                  - key: tenant
                    from_context: metadata.tenant
                    action: update
                  - pattern: ^tmp\\.
                    action: delete
                  - key: url
                    pattern: (?P<path>/[a-z]+)
                    action: extract
                  - key: code
                    converted_type: int
                    action: convert
                """, errors);
        assertThat(errors.all()).isEmpty();
        assertThat(a).extracting(ActionConfig::action).containsExactly(Action.INSERT, Action.UPSERT, Action.UPDATE,
                Action.DELETE, Action.EXTRACT, Action.CONVERT);
        assertThat(a.get(0).value()).isEqualTo("mesh");
        assertThat(a.get(0).mark().line()).isEqualTo(2);
        assertThat(a.get(1).fromAttribute()).isEqualTo("service.name");
        assertThat(a.get(2).fromContext()).isEqualTo("metadata.tenant");
        assertThat(a.get(3).pattern()).isEqualTo("^tmp\\.");
        assertThat(a.get(5).convertedType()).isEqualTo("int");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing key                   | '{value: x, action: insert}'                           | error creating AttrProc due to missing required field "key" at the 0-th actions
            delete without key or pattern | '{action: delete}'                                     | error creating AttrProc due to missing required field (at least one of "key" and "pattern" have to be used) at the 0-th actions
            unknown action                | '{key: k, value: v, action: rename}'                   | error creating AttrProc due to unsupported action "rename" at the 0-th actions
            no value source               | '{key: k, action: upsert}'                             | error creating AttrProc. Either field "value", "from_attribute" or "from_context" setting must be specified for 0-th action
            two value sources             | '{key: k, value: v, from_attribute: o, action: insert}' | error creating AttrProc due to multiple value sources being set at the 0-th actions
            pattern on insert             | '{key: k, value: v, pattern: x, action: insert}'       | error creating AttrProc. Action "insert" does not use the "pattern" field. This must not be specified for 0-th action
            value on delete               | '{key: k, value: v, action: delete}'                   | error creating AttrProc. Action "delete" does not use "value" or "from_attribute" field. These must not be specified for 0-th action
            bad regex                     | '{pattern: "(", action: hash}'                          | error creating AttrProc. Field "pattern" has invalid pattern: "(" to be set at the 0-th actions
            extract without pattern       | '{key: k, action: extract}'                            | error creating AttrProc due to missing required field "pattern" for action "extract" at the 0-th action
            extract without named groups  | '{key: k, pattern: "(a)", action: extract}'            | error creating AttrProc. Field "pattern" contains no named matcher groups at the 0-th actions
            extract with an unnamed group | '{key: k, pattern: "(?P<x>a)(b)", action: extract}'     | error creating AttrProc. Field "pattern" contains at least one unnamed matcher group at the 0-th actions
            convert without type          | '{key: k, action: convert}'                            | error creating AttrProc due to missing required field "converted_type" for action "convert" at the 0-th action
            convert to a bad type         | '{key: k, converted_type: bool, action: convert}'      | error creating AttrProc due to invalid value "bool" in field "converted_type" for action "convert" at the 0-th action
            converted_type on upsert      | '{key: k, value: v, converted_type: int, action: upsert}' | error creating AttrProc. Action "upsert" does not use the "converted_type" field. This must not be specified for 0-th action
            """)
    void rejectsInvalidActionsWithTheCollectorsMessage(String name, String action, String message) {
        ConfigErrors errors = new ConfigErrors();
        List<ActionConfig> a = parse("actions:\n  - {key: ok, value: v, action: insert}\n  - " + action + "\n", errors);
        assertThat(a).hasSize(1);
        assertThat(errors.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo(message.replace("0-th", "1-th"));
            assertThat(e.mark().line()).isEqualTo(3);
            assertThat(e.mark().source()).endsWith("test.yaml");
            assertThat(e.component()).isEqualTo("processors::test");
        });
    }

    @Test
    void unknownKeyInAnActionIsReportedAtItsLine() {
        ConfigErrors errors = new ConfigErrors();
        parse("actions:\n  - key: a\n    value: b\n    actoin: insert\n", errors);
        assertThat(errors.errors()).extracting(ConfigError::message)
                .anyMatch(m -> m.startsWith("unknown key \"actions[0].actoin\""));
        assertThat(errors.errors()).extracting(e -> e.mark().line()).contains(4);
    }

    @Test
    void typedScalarsListsAndMapsBecomeAttributeValues() {
        Map<String, ConfigNode.Entry> m = new LinkedHashMap<>();
        m.put("a", new ConfigNode.Entry(Mark.UNKNOWN, new ConfigNode.ScalarNode(Mark.UNKNOWN, 1L, "1")));
        assertThat(ActionsParser.typedValue(new ConfigNode.ScalarNode(Mark.UNKNOWN, 2245L, "2245"))).isEqualTo(2245L);
        assertThat(ActionsParser.typedValue(new ConfigNode.ScalarNode(Mark.UNKNOWN, true, "true"))).isEqualTo(true);
        assertThat(ActionsParser.typedValue(new ConfigNode.ScalarNode(Mark.UNKNOWN, 0.5, "0.5"))).isEqualTo(0.5);
        assertThat(ActionsParser.typedValue(new ConfigNode.ListNode(Mark.UNKNOWN,
                List.of(new ConfigNode.ScalarNode(Mark.UNKNOWN, "x", "x"))))).isEqualTo(List.of("x"));
        assertThat(ActionsParser.typedValue(new ConfigNode.MapNode(Mark.UNKNOWN, m))).isEqualTo(Attributes.of("a", 1L));
        assertThat(ActionsParser.typedValue(new ConfigNode.ScalarNode(Mark.UNKNOWN, null, "~"))).isNull();
    }
}
