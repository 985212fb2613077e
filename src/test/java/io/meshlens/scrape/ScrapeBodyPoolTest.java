package io.meshlens.scrape;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeBodyPoolTest {
    @Test
    void aReturnedBodyIsLentAgainEmptyWithItsGrownBuffer() {
        ScrapeBody b = ScrapeBody.borrow(0);
        b.reset("text/plain");
        b.ensure(300_000);
        b.advance(300_000);
        byte[] grown = b.bytes();
        ScrapeBody.giveBack(b);

        ScrapeBody again = ScrapeBody.borrow(0);
        assertThat(again).isSameAs(b);
        assertThat(again.length()).isZero();
        assertThat(again.bytes()).isSameAs(grown);
        ScrapeBody.giveBack(again);
    }

    @Test
    void afterABurstOnlyABoundedNumberOfBodiesIsKept() {
        List<ScrapeBody> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            burst.add(ScrapeBody.borrow(0));
        }
        burst.forEach(ScrapeBody::giveBack);
        List<ScrapeBody> lent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lent.add(ScrapeBody.borrow(0));
        }
        long reused = lent.stream().filter(x -> burst.stream().anyMatch(y -> y == x)).count();
        assertThat(reused).isLessThanOrEqualTo(64).isPositive();
        lent.forEach(ScrapeBody::giveBack);
    }

    @Test
    void bodiesThePoolDidNotLendForAPeriodAreFreed() {
        long t = System.nanoTime() + ScrapeBody.TRIM_PERIOD_NANOS;
        ScrapeBody.trimIfDue(t);
        List<ScrapeBody> burst = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            burst.add(ScrapeBody.borrow(0));
        }
        burst.forEach(ScrapeBody::giveBack);
        ScrapeBody.trimIfDue(t += ScrapeBody.TRIM_PERIOD_NANOS);
        assertThat(ScrapeBody.pooled()).as("all were lent in the period").isGreaterThanOrEqualTo(40);
        for (int i = 0; i < 5; i++) {
            ScrapeBody a = ScrapeBody.borrow(0);
            ScrapeBody b = ScrapeBody.borrow(0);
            ScrapeBody.giveBack(a);
            ScrapeBody.giveBack(b);
        }
        ScrapeBody.trimIfDue(t + ScrapeBody.TRIM_PERIOD_NANOS / 2);
        assertThat(ScrapeBody.pooled()).as("not due yet").isGreaterThanOrEqualTo(40);
        ScrapeBody.trimIfDue(t += ScrapeBody.TRIM_PERIOD_NANOS);
        assertThat(ScrapeBody.pooled()).as("the steady state lends two at a time").isEqualTo(2);
    }

    @Test
    void aBodyThatGrewPastThePoolLimitIsNotLentAgain() {
        ScrapeBody hub = ScrapeBody.borrow(0);
        hub.reset("text/plain");
        hub.ensure(ScrapeBody.MAX_POOLED_CAPACITY + 1);
        ScrapeBody.giveBack(hub);

        List<ScrapeBody> lent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lent.add(ScrapeBody.borrow(0));
        }
        assertThat(lent).doesNotContain(hub);
        assertThat(lent).allSatisfy(b -> assertThat(b.capacity()).isLessThanOrEqualTo(ScrapeBody.MAX_POOLED_CAPACITY));
        lent.forEach(ScrapeBody::giveBack);
    }

    @Test
    void aBodySizedFromThePreviousLengthIsReadWithoutGrowing() {
        int previous = 5_000_000;
        ScrapeBody big = ScrapeBody.borrow(previous);
        byte[] buffer = big.bytes();
        big.reset("text/plain");
        // A read loop as HttpScraper's: room for one chunk before each read, up to a body a bit
        // longer than the previous one.
        while (big.length() < previous + previous / 20) {
            big.ensure(ScrapeBody.READ_CHUNK);
            big.advance(Math.min(ScrapeBody.READ_CHUNK, previous + previous / 20 - big.length()));
        }
        big.ensure(ScrapeBody.READ_CHUNK);
        assertThat(big.bytes()).isSameAs(buffer);
        ScrapeBody.giveBack(big);

        assertThat(ScrapeBody.borrow(previous)).as("outsized: a new body each time").isNotSameAs(big);
    }

    @Test
    void aPooledBodyTooSmallForTheExpectedLengthGetsABufferOfThatSize() {
        ScrapeBody small = ScrapeBody.borrow(0);
        ScrapeBody.giveBack(small);
        ScrapeBody b = ScrapeBody.borrow(400_000);
        assertThat(b).isSameAs(small);
        assertThat(b.capacity()).isGreaterThanOrEqualTo(400_000 + ScrapeBody.READ_CHUNK)
                .isLessThanOrEqualTo(ScrapeBody.MAX_POOLED_CAPACITY);
        ScrapeBody.giveBack(b);
    }
}
