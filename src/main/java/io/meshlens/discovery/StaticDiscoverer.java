package io.meshlens.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code static_configs}: the groups are known up front and sent once, sources "0", "1", ... as Prometheus names them. */
public final class StaticDiscoverer implements Discoverer {
    /** One static_configs entry. */
    public record Group(List<String> targets, Map<String, String> labels) {
    }

    private final List<Group> groups;

    public StaticDiscoverer(List<Group> groups) {
        this.groups = List.copyOf(groups);
    }

    @Override
    public void start(Consumer<List<TargetGroup>> onUpdate) {
        List<TargetGroup> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            List<Map<String, String>> targets = new ArrayList<>();
            for (String t : g.targets()) {
                targets.add(Map.of("__address__", t));
            }
            out.add(new TargetGroup(Integer.toString(i), targets, g.labels()));
        }
        onUpdate.accept(out);
    }

    @Override
    public void stop() {
    }
}
