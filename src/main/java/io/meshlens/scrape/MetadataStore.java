package io.meshlens.scrape;

import io.meshlens.textparse.FamilyType;
import java.util.HashMap;
import java.util.Map;

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
    private int version;

    /** Records a TYPE line; returns true when it changed what is known (callers then re-resolve series). */
    public boolean setType(String family, FamilyType type) {
        FamilyMetadata old = byName.get(family);
        if (old != null && old.type() == type) {
            return false;
        }
        byName.put(family, old == null ? new FamilyMetadata(family, type, "", "")
                : new FamilyMetadata(family, type, old.help(), old.unit()));
        version++;
        return true;
    }

    public boolean setHelp(String family, String help) {
        FamilyMetadata old = byName.get(family);
        if (old != null && old.help().equals(help)) {
            return false;
        }
        byName.put(family, old == null ? new FamilyMetadata(family, FamilyType.UNKNOWN, help, "")
                : new FamilyMetadata(family, old.type(), help, old.unit()));
        version++;
        return true;
    }

    public boolean setUnit(String family, String unit) {
        FamilyMetadata old = byName.get(family);
        if (old != null && old.unit().equals(unit)) {
            return false;
        }
        byName.put(family, old == null ? new FamilyMetadata(family, FamilyType.UNKNOWN, "", unit)
                : new FamilyMetadata(family, old.type(), old.help(), unit));
        version++;
        return true;
    }

    /** Incremented on every change; series resolved under an older version are resolved again. */
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
        String trimmed = trimSuffix(sampleName);
        m = byName.get(trimmed);
        if (m != null) {
            // Counters keep the full sample name (x_total); histogram/summary families use the base name.
            return new Resolved(m, m.type() == FamilyType.COUNTER ? sampleName : trimmed);
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
