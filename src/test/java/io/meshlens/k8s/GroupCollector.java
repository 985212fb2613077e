package io.meshlens.k8s;

import io.meshlens.discovery.TargetGroup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Keeps the latest group per source, as a scrape manager would, and lets a test wait for one. */
final class GroupCollector implements Consumer<List<TargetGroup>> {
    private final Map<String, TargetGroup> latest = new ConcurrentHashMap<>();

    @Override
    public void accept(List<TargetGroup> groups) {
        for (TargetGroup g : groups) {
            latest.put(g.source(), g);
        }
    }

    TargetGroup await(String source, Predicate<TargetGroup> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            TargetGroup g = latest.get(source);
            if (g != null && condition.test(g)) {
                return g;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no group " + source + " matching the condition; latest: " + latest.get(source));
    }

    Map<String, TargetGroup> latest() {
        return latest;
    }
}
