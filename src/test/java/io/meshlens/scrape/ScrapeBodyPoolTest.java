package io.meshlens.scrape;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeBodyPoolTest {
    @Test
    void aReturnedBodyIsLentAgainEmptyWithItsGrownBuffer() {
        ScrapeBody b = ScrapeBody.borrow();
        b.reset("text/plain");
        b.ensure(300_000);
        b.advance(300_000);
        byte[] grown = b.bytes();
        ScrapeBody.giveBack(b);

        ScrapeBody again = ScrapeBody.borrow();
        assertThat(again).isSameAs(b);
        assertThat(again.length()).isZero();
        assertThat(again.bytes()).isSameAs(grown);
        ScrapeBody.giveBack(again);
    }

    @Test
    void afterABurstOnlyABoundedNumberOfBodiesIsKept() {
        List<ScrapeBody> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            burst.add(ScrapeBody.borrow());
        }
        burst.forEach(ScrapeBody::giveBack);
        List<ScrapeBody> lent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lent.add(ScrapeBody.borrow());
        }
        long reused = lent.stream().filter(x -> burst.stream().anyMatch(y -> y == x)).count();
        assertThat(reused).isLessThanOrEqualTo(64).isPositive();
        lent.forEach(ScrapeBody::giveBack);
    }
}
