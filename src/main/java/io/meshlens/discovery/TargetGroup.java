package io.meshlens.discovery;

import java.util.List;
import java.util.Map;

/**
 * A set of targets from one discovery source, as Prometheus's {@code targetgroup.Group}: every
 * target has its own labels (at least {@code __address__}), {@code labels} apply to all of them
 * (a target's own label wins on conflict). A group with no targets for a known {@code source}
 * means "everything this source found before is gone".
 *
 * @param source unique per discoverer and object, e.g. {@code pod/shop/cart-7d9f-abcde}
 */
public record TargetGroup(String source, List<Map<String, String>> targets, Map<String, String> labels) {
    public TargetGroup {
        targets = List.copyOf(targets);
        labels = Map.copyOf(labels);
    }

    /** The group that removes every target previously sent for {@code source}. */
    public static TargetGroup empty(String source) {
        return new TargetGroup(source, List.of(), Map.of());
    }

    public boolean isEmpty() {
        return targets.isEmpty();
    }
}
