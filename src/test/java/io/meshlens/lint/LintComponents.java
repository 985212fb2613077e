package io.meshlens.lint;

import io.meshlens.component.Components;
import io.meshlens.component.Factory;
import io.meshlens.component.Kind;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;
import io.meshlens.service.BuiltinComponents;

import java.util.Set;

/**
 * The build's components, plus config-only stand-ins for the Collector types the seed uses that
 * this build does not have yet (prometheus receiver, remote-write exporter, ...). A stand-in
 * accepts any config: lint tests are about the lint rules, and once the real factory is
 * registered it is used instead (so its validation then applies to these tests too).
 */
final class LintComponents {
    private LintComponents() {
    }

    static Components create() {
        Components c = BuiltinComponents.create();
        standIn(c, Kind.RECEIVER, "prometheus");
        for (String p : new String[] {"memory_limiter", "batch", "resource", "resourcedetection", "filter", "k8sattributes"}) {
            standIn(c, Kind.PROCESSOR, p);
        }
        standIn(c, Kind.EXPORTER, "prometheusremotewrite");
        standIn(c, Kind.EXPORTER, "debug");
        standIn(c, Kind.EXTENSION, "health_check");
        standIn(c, Kind.EXTENSION, "meshview");
        return c;
    }

    private static void standIn(Components c, Kind kind, String type) {
        if (c.get(kind, type) == null) {
            c.register(new AnyConfig(type, kind));
        }
    }

    private record AnyConfig(String type, Kind kind) implements Factory<Object> {
        @Override
        public Set<Signal> signals() {
            return Set.of(Signal.METRICS, Signal.TRACES);
        }

        @Override
        public Object parseConfig(ConfigReader reader) {
            return new Object(); // no finish(): every key is accepted
        }
    }
}
