package io.meshlens.scrape;

import io.meshlens.textparse.FamilyType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A target's family metadata, keyed by the name written on the TYPE/HELP/UNIT line, kept across
 * scrapes as Prometheus's scrape cache keeps it. Lookup follows the Collector's receiver
 * ({@code metadataForMetric}): the scrape's synthetic series first, then the exact sample name,
 * then the name with one trailing suffix trimmed ({@code _count}, {@code _bucket}, {@code _sum},
 * {@code _total}, tried in that order).
 */
public final class MetadataStore {
    /** The built-in metadata the Collector's receiver uses for the synthetic scrape series. */
    static final Map<String, FamilyMetadata> SYNTHETIC = Map.of(
            "up", new FamilyMetadata("up", FamilyType.GAUGE, "The scraping was successful", ""),
            "scrape_duration_seconds", new FamilyMetadata("scrape_duration_seconds", FamilyType.GAUGE,
                    "Duration of the scrape", "seconds"),
            "scrape_samples_scraped", new FamilyMetadata("scrape_samples_scraped", FamilyType.GAUGE,
                    "The number of samples the target exposed", ""),
            "scrape_series_added", new FamilyMetadata("scrape_series_added", FamilyType.GAUGE,
                    "The approximate number of new series in this scrape", ""),
            "scrape_samples_post_metric_relabeling", new FamilyMetadata("scrape_samples_post_metric_relabeling",
                    FamilyType.GAUGE, "The number of samples remaining after metric relabeling was applied",
                    ""));

    private static final String[] TRIMMABLE = {"_count", "_bucket", "_sum", "_total"};

    private final Map<String, FamilyMetadata> byName = new HashMap<>();
    /**
     * Names {@link #resolve} looked up and did not find. Only metadata for one of these, or a
     * change to known metadata, can change how an already resolved series resolves.
     */
    private final Set<String> missed = new HashSet<>();
    private int version;

    /** Records a TYPE line; returns true when it changed what is known (callers then re-resolve series). */
    public boolean setType(String family, FamilyType type) {
        FamilyMetadata old = byName.get(family);
        if (old != null && old.type() == type) {
            return false;
        }
        put(family, old, old == null ? new FamilyMetadata(family, type, "", "")
                : new FamilyMetadata(family, type, old.help(), old.unit()));
        return true;
    }

    public boolean setHelp(String family, String help) {
        FamilyMetadata old = byName.get(family);
        if (old != null && old.help().equals(help)) {
            return false;
        }
        put(family, old, old == null ? new FamilyMetadata(family, FamilyType.UNKNOWN, help, "")
                : new FamilyMetadata(family, old.type(), help, old.unit()));
        return true;
    }

    public boolean setUnit(String family, String unit) {
        FamilyMetadata old = byName.get(family);
        if (old != null && old.unit().equals(unit)) {
            return false;
        }
        put(family, old, old == null ? new FamilyMetadata(family, FamilyType.UNKNOWN, "", unit)
                : new FamilyMetadata(family, old.type(), old.help(), unit));
        return true;
    }

    /**
     * Metadata for a name no series resolved through (the usual case: a family's TYPE/HELP lines
     * come before its samples, and the first scrape adds hundreds) leaves the version alone, so
     * the second scrape does not resolve every series of the first again.
     */
    private void put(String family, FamilyMetadata old, FamilyMetadata now) {
        byName.put(family, now);
        if (old != null || missed.remove(family)) {
            version++;
        }
    }

    /**
     * Changes when metadata changed in a way that can change how an already resolved series
     * resolves; series resolved under an older version are resolved again.
     */
    public int version() {
        return version;
    }

    public FamilyMetadata get(String name) {
        return byName.get(name);
    }

    /** The resolved family of a sample name: its metadata and the OTel metric name to use. */
    public record Resolved(FamilyMetadata metadata, String metricName) {
    }

    public Resolved resolve(String sampleName) {
        FamilyMetadata m = SYNTHETIC.get(sampleName);
        if (m != null) {
            return new Resolved(m, sampleName);
        }
        m = byName.get(sampleName);
        if (m != null) {
            return new Resolved(m, sampleName);
        }
        missed.add(sampleName);
        String trimmed = trimSuffix(sampleName);
        m = byName.get(trimmed);
        if (m != null) {
            // Counters keep the full sample name (x_total); histogram/summary families use the base name.
            return new Resolved(m, m.type() == FamilyType.COUNTER ? sampleName : trimmed);
        }
        missed.add(trimmed);
        if (missed.size() > 4 * byName.size() + 1024) {
            // Churning names of untyped series: forget them, and to stay correct resolve everything again once.
            missed.clear();
            version++;
        }
        return new Resolved(new FamilyMetadata(sampleName, FamilyType.UNKNOWN, "", ""), sampleName);
    }

    /** The Collector's normalizeMetricName: trims the first matching suffix unless the name is only that suffix. */
    static String trimSuffix(String name) {
        for (String s : TRIMMABLE) {
            if (name.endsWith(s) && !name.equals(s)) {
                return name.substring(0, name.length() - s.length());
            }
        }
        return name;
    }
}
