package io.meshlens.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class FileDiscovererTest {
    @TempDir
    Path dir;

    private final Map<String, TargetGroup> groups = new ConcurrentHashMap<>();

    private void apply(List<TargetGroup> updates) {
        updates.forEach(g -> groups.put(g.source(), g));
    }

    private static void await(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!cond.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(cond.getAsBoolean()).as("condition within 15s").isTrue();
    }

    @Test
    void readsAFileLargerThanTheYamlLibrarysDefaultLimit() throws Exception {
        // 5,000 pods with their __meta_kubernetes_* labels: ~6 MB, over snakeyaml-engine's 3 MiB default.
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"targets\":[\"127.1.").append(i >> 8).append('.').append(i & 255)
                    .append(":4191\"],\"labels\":{\"__meta_kubernetes_pod_annotation_description\":\"")
                    .append("x".repeat(1200)).append("\"}}");
        }
        Path big = Files.writeString(dir.resolve("big.json"), sb.append(']'));
        assertThat(Files.size(big)).isGreaterThan(3L << 20);
        List<TargetGroup> groups = FileDiscoverer.read(big);
        assertThat(groups).hasSize(5000);
    }

    @Test
    void readsYamlAndJsonAndFollowsChangesAndDeletes() throws Exception {
        Path yml = dir.resolve("a.yml");
        Files.writeString(yml, """
                - targets: ["127.0.0.2:4191", "127.0.0.3:4191"]
                  labels: {team: mesh}
                """);
        Path json = dir.resolve("b.json");
        Files.writeString(json, "[{\"targets\": [\"127.0.0.4:9090\"]}]");
        FileDiscoverer d = new FileDiscoverer(List.of(dir + "/*.yml", dir + "/*.json"), Duration.ofMinutes(5));
        d.start(this::apply);
        try {
            TargetGroup a = groups.get(yml + ":0");
            assertThat(a.targets()).extracting(t -> t.get("__address__")).containsExactly("127.0.0.2:4191",
                    "127.0.0.3:4191");
            assertThat(a.labels()).containsEntry("team", "mesh").containsEntry("__meta_filepath", yml.toString());
            assertThat(groups.get(json + ":0").targets()).hasSize(1);

            Files.writeString(yml, "- targets: [\"127.0.0.9:4191\"]\n");
            await(() -> groups.get(yml + ":0").targets().size() == 1);

            Path tmp = dir.resolve("a.tmp");
            Files.writeString(tmp, "- targets: [unterminated\n");
            Files.move(tmp, yml, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(1500);
            assertThat(groups.get(yml + ":0").targets()).as("a malformed file keeps its previous targets").hasSize(1);

            Files.delete(json);
            await(() -> groups.get(json + ":0").isEmpty());
        } finally {
            d.stop();
        }
    }

    @Test
    void unchangedFilesAndGroupsAreNotSentAgain() throws Exception {
        Path json = dir.resolve("t.json");
        String two = "[{\"targets\": [\"127.0.0.2:4191\"]}, {\"targets\": [\"127.0.0.3:4191\"], \"labels\": {\"a\": \"b\"}}]";
        Files.writeString(json, two);
        List<List<TargetGroup>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        FileDiscoverer d = new FileDiscoverer(List.of(dir + "/*.json"), Duration.ofMillis(100));
        d.start(sent::add);
        try {
            assertThat(sent).hasSize(1);
            assertThat(sent.getFirst()).hasSize(2);
            Thread.sleep(1000); // ten refresh intervals: nothing changed, nothing sent
            assertThat(sent).hasSize(1);

            Files.writeString(json, two); // rewritten with the same content: read again, nothing sent
            Files.setLastModifiedTime(json, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Thread.sleep(1000);
            assertThat(sent).hasSize(1);

            Files.writeString(json, two.replace("127.0.0.3", "127.0.0.9")); // only the changed group is sent
            await(() -> sent.size() == 2);
            assertThat(sent.get(1)).extracting(TargetGroup::source).containsExactly(json + ":1");
            assertThat(sent.get(1).getFirst().targets()).extracting(t -> t.get("__address__")).containsExactly("127.0.0.9:4191");

            Files.delete(json);
            await(() -> sent.size() == 3);
            assertThat(sent.get(2)).allMatch(TargetGroup::isEmpty).hasSize(2);
        } finally {
            d.stop();
        }
    }
}
