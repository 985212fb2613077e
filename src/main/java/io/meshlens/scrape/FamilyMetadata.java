package io.meshlens.scrape;

import io.meshlens.textparse.FamilyType;

/** HELP/TYPE/UNIT of one metric family as exposed by a target (Prometheus's scrape metadata). */
public record FamilyMetadata(String family, FamilyType type, String help, String unit) {
    public FamilyMetadata {
        help = help == null ? "" : help;
        unit = unit == null ? "" : unit;
    }
}
