package io.meshlens.processor.batch;

import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;

import java.util.Iterator;
import java.util.List;

/** Span batches counted in spans; splitting keeps resource and scope grouping. */
final class SpanItems implements Items<SpanBatch> {
    @Override
    public SpanBatch empty() {
        return new SpanBatch();
    }

    @Override
    public int count(SpanBatch batch) {
        return batch.spanCount();
    }

    @Override
    public void append(SpanBatch into, SpanBatch from) {
        into.resources().addAll(from.resources());
    }

    @Override
    public SpanBatch take(SpanBatch from, int n) {
        SpanBatch out = new SpanBatch();
        int left = n;
        Iterator<SpanBatch.ResourceSpans> rit = from.resources().iterator();
        while (left > 0 && rit.hasNext()) {
            SpanBatch.ResourceSpans rs = rit.next();
            SpanBatch.ResourceSpans rsOut = out.addResource(rs.resource());
            Iterator<SpanBatch.ScopeSpans> sit = rs.scopes().iterator();
            while (left > 0 && sit.hasNext()) {
                SpanBatch.ScopeSpans ss = sit.next();
                SpanBatch.ScopeSpans ssOut = rsOut.addScope(ss.scope());
                List<Span> spans = ss.spans();
                int k = Math.min(left, spans.size());
                List<Span> head = spans.subList(0, k);
                ssOut.spans().addAll(head);
                head.clear();
                left -= k;
                if (spans.isEmpty()) {
                    sit.remove();
                }
            }
            if (rs.scopes().isEmpty()) {
                rit.remove();
            }
        }
        return out;
    }
}
