package io.meshlens.processor.filter;

import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.ottl.OttlContext;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FilterConfigTest {
    static final FilterProcessorFactory FACTORY = new FilterProcessorFactory();

    static Path resource(String name) {
        try {
            return Path.of(FilterConfigTest.class.getResource("/processor/filter/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses processors::{id} of {@code file}, collecting errors into {@code errors}. */
    static FilterConfig load(Path file, String id, ConfigErrors errors) {
        ConfigLoader.Result r = ConfigLoader.load(List.of(file), List.of(), Map.of());
        errors.addAll(r.errors());
        ConfigNode.MapNode processors = (ConfigNode.MapNode) r.root().get("processors");
        // A component without a section is parsed as an empty mapping (see Factory).
        ConfigNode section = processors.get(id) instanceof ConfigNode.MapNode m ? m : null;
        return FACTORY.parseConfig(new ConfigReader(section, "processors::" + id, errors));
    }

    static FilterConfig load(String id) {
        ConfigErrors errors = new ConfigErrors();
        FilterConfig c = load(resource("config.yaml"), id, errors);
        assertThat(errors.all()).isEmpty();
        return c;
    }

    @Test
    void seedFilterIsOneMetricConditionWithErrorModeIgnore() {
        FilterConfig c = load("filter/mesh");
        assertThat(c.errorMode()).isEqualTo(ErrorMode.IGNORE);
        assertThat(c.metricConditions()).singleElement().satisfies(fc -> {
            assertThat(fc.text()).startsWith("not(name == \"response_total\" or IsMatch(name, \"response_latency_ms.*\")");
            assertThat(fc.compiled().context()).isEqualTo(OttlContext.METRIC);
            assertThat(fc.mark().line()).isEqualTo(7);
        });
        assertThat(c.datapointConditions()).isEmpty();
        assertThat(c.include()).isNull();
        assertThat(c.exclude()).isNull();
    }

    @Test
    void datapointConditionsAndSilentMode() {
        FilterConfig c = load("filter/datapoints");
        assertThat(c.errorMode()).isEqualTo(ErrorMode.SILENT);
        assertThat(c.datapointConditions()).extracting(FilterCondition::text).containsExactly(
                "attributes[\"le\"] == \"+Inf\"", "metric.type == METRIC_DATA_TYPE_SUMMARY and count == 0");
        assertThat(c.datapointConditions()).allSatisfy(fc ->
                assertThat(fc.compiled().context()).isEqualTo(OttlContext.DATAPOINT));
    }

    @Test
    void legacyIncludeAndExclude() {
        FilterConfig c = load("filter/legacy");
        assertThat(c.errorMode()).isEqualTo(ErrorMode.PROPAGATE);
        assertThat(c.include().matchType()).isEqualTo(LegacyMatch.MatchType.REGEXP);
        assertThat(c.include().metricNames()).containsExactly("prefix_.*", "^exact$");
        assertThat(c.include().resourceAttributes())
                .containsExactly(new LegacyMatch.ResourceAttribute("service.name", "linkerd-.*"));
        assertThat(c.exclude().matchType()).isEqualTo(LegacyMatch.MatchType.STRICT);
        assertThat(c.exclude().metricNames()).containsExactly("prefix_drop");
        assertThat(c.metricConditions()).isEmpty();
    }

    @Test
    void spanConditions() {
        FilterConfig c = load("filter/spans");
        assertThat(c.spanConditions()).extracting(fc -> fc.compiled().context())
                .containsExactly(OttlContext.SPAN, OttlContext.SPAN);
    }

    @Test
    void emptySectionPassesEverything() {
        FilterConfig c = load("filter/empty");
        assertThat(c.errorMode()).isEqualTo(ErrorMode.PROPAGATE);
        assertThat(c.passesAllMetrics()).isTrue();
        assertThat(c.spanConditions()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtItsLineWithTheColumnInsideTheCondition() {
        ConfigErrors errors = new ConfigErrors();
        Path file = resource("invalid.yaml");
        load(file, "filter/bad", errors);
        load(file, "filter/legacy", errors);
        List<String> messages = errors.errors().stream().map(ConfigError::toString)
                .map(s -> s.replace(file.getParent() + "/", "")).toList();
        assertThat(messages).containsExactly(
                "invalid.yaml:3:17: processors::filter/bad: error_mode: \"loud\" is not one of propagate, ignore, silent",
                "invalid.yaml:5:7: processors::filter/bad: metrics: cannot use \"metrics.metric\", \"metrics.datapoint\" "
                        + "and the settings \"metrics.include\", \"metrics.exclude\" at the same time",
                "invalid.yaml:7:11: processors::filter/bad: metrics.metric: condition 2, column 33: unexpected token \")\""
                        + " (expected a value)",
                "invalid.yaml:8:11: processors::filter/bad: metrics.metric: condition 3, column 15: invalid argument at "
                        + "position 1: the pattern supplied to IsMatch is not a valid regexp pattern: "
                        + "error parsing regexp: missing closing ): `(`",
                "invalid.yaml:15:9: processors::filter/legacy: metrics.exclude.match_type: unrecognized match_type: '', "
                        + "valid types are: [regexp strict]",
                "invalid.yaml:18:9: processors::filter/legacy: unknown key \"metrics.regexp.bogus\" "
                        + "(valid keys: cacheenabled, cachemaxnumentries)");
    }
}
