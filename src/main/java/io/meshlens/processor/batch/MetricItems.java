package io.meshlens.processor.batch;

import io.meshlens.model.DataPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;

import java.util.ArrayList;
import java.util.Iterator;

/**
 * Metric batches counted in data points. Splitting moves whole metrics while they fit and cuts
 * the metric that straddles the limit at point granularity, as the Collector's {@code splitMetrics}.
 */
final class MetricItems implements Items<MetricBatch> {
    @Override
    public MetricBatch empty() {
        return new MetricBatch();
    }

    @Override
    public int count(MetricBatch batch) {
        return batch.pointCount();
    }

    @Override
    public void append(MetricBatch into, MetricBatch from) {
        into.resources().addAll(from.resources());
    }

    @Override
    public MetricBatch take(MetricBatch from, int n) {
        MetricBatch out = new MetricBatch();
        int left = n;
        Iterator<ResourceMetrics> rit = from.resources().iterator();
        while (left > 0 && rit.hasNext()) {
            ResourceMetrics rm = rit.next();
            ResourceMetrics rmOut = new ResourceMetrics(rm.resource(), rm.schemaUrl(), new ArrayList<>());
            out.resources().add(rmOut);
            Iterator<ScopeMetrics> sit = rm.scopes().iterator();
            while (left > 0 && sit.hasNext()) {
                ScopeMetrics sm = sit.next();
                ScopeMetrics smOut = new ScopeMetrics(sm.scope());
                rmOut.scopes().add(smOut);
                Iterator<Metric> mit = sm.metrics().iterator();
                while (left > 0 && mit.hasNext()) {
                    Metric m = mit.next();
                    int c = m.pointCount();
                    if (c <= left) {
                        smOut.metrics().add(m);
                        mit.remove();
                        left -= c;
                    } else {
                        Metric part = m.copyEmpty();
                        DataPoints src = m.points();
                        int cut = left;
                        for (int i = 0; i < cut; i++) {
                            part.points().appendFrom(src, i);
                        }
                        src.removeIf(i -> i < cut);
                        smOut.metrics().add(part);
                        left = 0;
                    }
                }
                if (sm.metrics().isEmpty()) {
                    sit.remove();
                }
            }
            if (rm.scopes().isEmpty()) {
                rit.remove();
            }
        }
        return out;
    }
}
