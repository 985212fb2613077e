package io.meshlens.discovery;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * {@code file_sd_configs} as Prometheus does it: YAML or JSON files (a glob allowed in the last
 * path element) holding lists of {@code {targets: [...], labels: {...}}}; every target gets
 * {@code __meta_filepath}; files are re-read when they change (directory watch) and every
 * {@code refresh_interval}. Group sources are {@code <path>:<index>}. A file that fails to parse
 * keeps its previous targets (and the error is logged); a deleted file removes its targets.
 *
 * <p>A file whose identity, size and modification time (to the nanosecond) are unchanged is not
 * read again, and a group equal to the one last sent is not sent again: the pool re-relabels every
 * target on an update, and at 1,000 targets the re-read and re-relabel of an unchanged file every
 * five minutes cost ~1.3 s of CPU each time (interpreted code: it runs too rarely to be compiled;
 * docs/performance.md, "Remote write's own connections").
 */
public final class FileDiscoverer implements Discoverer {
    private static final Logger LOG = Logger.getLogger(FileDiscoverer.class.getName());

    private final List<String> patterns;
    private final Duration refresh;
    private final Map<Path, Integer> groupsPerFile = new HashMap<>();
    private final Map<Path, Stamp> lastModified = new HashMap<>();
    private final Map<String, TargetGroup> sent = new HashMap<>();
    private volatile boolean stopped;
    private Thread thread;
    private WatchService watch;

    public FileDiscoverer(List<String> patterns, Duration refresh) {
        this.patterns = List.copyOf(patterns);
        this.refresh = refresh;
    }

    @Override
    public void start(Consumer<List<TargetGroup>> onUpdate) {
        try {
            watch = FileSystems.getDefault().newWatchService();
            Set<Path> dirs = new HashSet<>();
            for (String p : patterns) {
                Path dir = Path.of(p).toAbsolutePath().getParent();
                if (dir != null && Files.isDirectory(dir) && dirs.add(dir)) {
                    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_MODIFY);
                }
            }
        } catch (IOException e) {
            LOG.warning("file_sd: cannot watch directories, falling back to refresh_interval: " + e.getMessage());
            watch = null;
        }
        refresh(onUpdate);
        thread = Thread.ofVirtual().name("file-sd").start(() -> loop(onUpdate));
    }

    private void loop(Consumer<List<TargetGroup>> onUpdate) {
        long next = System.nanoTime() + refresh.toNanos();
        while (!stopped) {
            try {
                long waitMs = Math.max(1, (next - System.nanoTime()) / 1_000_000);
                boolean changed = false;
                if (watch != null) {
                    var key = watch.poll(Math.min(waitMs, 1000), TimeUnit.MILLISECONDS);
                    if (key != null) {
                        // Editors and tools write in steps (truncate, write): let them finish, and
                        // take every event of the burst at once.
                        Thread.sleep(200);
                        do {
                            key.pollEvents();
                            key.reset();
                        } while ((key = watch.poll()) != null);
                        changed = true;
                    }
                } else {
                    Thread.sleep(Math.min(waitMs, 1000));
                }
                boolean due = System.nanoTime() >= next;
                if (changed || due) {
                    refresh(onUpdate);
                    if (due) {
                        next = System.nanoTime() + refresh.toNanos();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warning("file_sd: " + e.getMessage());
            }
        }
    }

    /** What tells a file's content changed without reading it. */
    private record Stamp(Object fileKey, long modifiedNanos, long size) {
    }

    /** Re-reads files that changed and sends the groups that differ from those last sent. */
    private void refresh(Consumer<List<TargetGroup>> onUpdate) {
        if (stopped) {
            return;
        }
        Set<Path> current = new TreeSet<>(listFiles());
        List<TargetGroup> updates = new ArrayList<>();
        for (Path f : current) {
            Stamp stamp;
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                stamp = new Stamp(a.fileKey(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size());
            } catch (IOException e) {
                continue;
            }
            if (stamp.equals(lastModified.get(f))) {
                continue;
            }
            try {
                List<TargetGroup> groups = read(f);
                lastModified.put(f, stamp);
                updates.addAll(groups);
                Integer before = groupsPerFile.put(f, groups.size());
                for (int i = groups.size(); before != null && i < before; i++) {
                    updates.add(TargetGroup.empty(f + ":" + i));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warning("file_sd: error reading file \"" + f + "\", keeping its previous targets: " + e.getMessage());
            }
        }
        for (Path gone : new ArrayList<>(groupsPerFile.keySet())) {
            if (!current.contains(gone)) {
                int n = groupsPerFile.remove(gone);
                lastModified.remove(gone);
                for (int i = 0; i < n; i++) {
                    updates.add(TargetGroup.empty(gone + ":" + i));
                }
            }
        }
        updates.removeIf(g -> g.equals(sent.put(g.source(), g)));
        sent.values().removeIf(g -> g.targets().isEmpty() && g.labels().isEmpty());
        if (!updates.isEmpty()) {
            onUpdate.accept(updates);
        }
    }

    private List<Path> listFiles() {
        List<Path> out = new ArrayList<>();
        for (String p : patterns) {
            Path path = Path.of(p).toAbsolutePath();
            Path dir = path.getParent();
            String name = path.getFileName().toString();
            if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
                if (Files.isRegularFile(path)) {
                    out.add(path);
                }
                continue;
            }
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path f : ds) {
                    if (m.matches(f.getFileName()) && Files.isRegularFile(f)) {
                        out.add(f);
                    }
                }
            } catch (IOException e) {
                LOG.warning("file_sd: cannot list " + dir + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Parses one file into groups; throws on malformed content. */
    static List<TargetGroup> read(Path f) throws IOException {
        String text = Files.readString(f);
        // No size limit: file_sd files written by tools list thousands of targets (Prometheus reads any size;
        // snakeyaml-engine stops at 3 MiB by default).
        Object doc = new Load(LoadSettings.builder().setLabel(f.toString()).setCodePointLimit(Integer.MAX_VALUE).build())
                .loadFromString(text);
        List<TargetGroup> out = new ArrayList<>();
        if (doc == null) {
            return out;
        }
        if (!(doc instanceof List<?> list)) {
            throw new IOException("expected a list of target groups");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> g)) {
                throw new IOException("target group " + i + " is not a mapping");
            }
            List<Map<String, String>> targets = new ArrayList<>();
            Object ts = g.get("targets");
            if (ts instanceof List<?> tl) {
                for (Object t : tl) {
                    if (t == null || t.toString().isEmpty()) {
                        throw new IOException("empty target in group " + i);
                    }
                    targets.add(Map.of("__address__", t.toString()));
                }
            } else if (ts != null) {
                throw new IOException("\"targets\" of group " + i + " is not a list");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            Object ls = g.get("labels");
            if (ls instanceof Map<?, ?> lm) {
                lm.forEach((k, v) -> labels.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            } else if (ls != null) {
                throw new IOException("\"labels\" of group " + i + " is not a mapping");
            }
            labels.put("__meta_filepath", f.toString());
            out.add(new TargetGroup(f + ":" + i, targets, labels));
        }
        return out;
    }

    @Override
    public void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
        try {
            if (watch != null) {
                watch.close();
            }
        } catch (IOException ignored) {
            // closing a watch service cannot lose data
        }
    }
}
