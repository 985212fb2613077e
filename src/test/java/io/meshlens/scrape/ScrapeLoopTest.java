package io.meshlens.scrape;

import com.sun.net.httpserver.HttpServer;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.MetricBatch;
import io.meshlens.relabel.Labels;
import io.meshlens.telemetry.ReceiverTelemetry;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ScrapeLoop} against a real HTTP server on loopback, scraping every 200 ms. */
class ScrapeLoopTest {
    private static final String IP = "127.73.0.1";
    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile CountDownLatch slowRequest = new CountDownLatch(0);
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final List<MetricBatch> batches = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private ScrapeLoop loop() throws Exception {
        server = HttpServer.create(new InetSocketAddress(IP, 0), 16);
        server.createContext("/metrics", ex -> {
            int n = requests.incrementAndGet();
            if (n == 3) {
                slowStarted.countDown();
                try {
                    slowRequest.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = ("# TYPE up_total counter\nup_total " + n + "\n").getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            } catch (IOException ignored) {
                // the scraper gave up
            }
        });
        server.start();
        Path f = Files.writeString(dir.resolve("p.yaml"), """
                scrape_configs:
                  - job_name: j
                    scrape_interval: 200ms
                    scrape_timeout: 150ms
                    static_configs: [{targets: ["x"]}]
                """);
        ConfigErrors errors = new ConfigErrors();
        PromConfig pc = PromConfig.parse(new ConfigReader(ConfigLoader.load(List.of(f), List.of(), Map.of()).root(), "t", errors));
        errors.throwIfErrors();
        ScrapeConfig sc = pc.scrapeConfigs().get(0);
        String address = IP + ":" + server.getAddress().getPort();
        Target target = Target.of(TargetLabels.populate(Labels.of("__address__", address), Labels.empty(),
                sc.targetSettings()), sc);
        HttpScraper http = new HttpScraper(sc.http().newClient(Duration.ofSeconds(5), true), "meshlens-test",
                sc.http().authHeaders());
        return new ScrapeLoop(target, http, new TargetScraper(target, "test"), b -> {
            threads.add(Thread.currentThread());
            batches.add(b);
        }, new ReceiverTelemetry(new Telemetry(), "prometheus", "http"), 0);
    }

    @Test
    void eachScrapeRunsOnAVirtualThreadOfItsOwnThatEndsWithIt() throws Exception {
        ScrapeLoop loop = loop();
        loop.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (threads.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(threads).hasSizeGreaterThanOrEqualTo(2);
            Thread first = threads.get(0);
            assertThat(first.isVirtual()).isTrue();
            assertThat(threads.get(1)).isNotSameAs(first);
            // Nothing of the loop waits through the interval: the first scrape's thread has ended.
            assertThat(first.join(Duration.ofSeconds(5))).isTrue();
            assertThat(loop.status().health()).isEqualTo(TargetStatus.Health.UP);
        } finally {
            loop.stop();
        }
    }

    @Test
    void stopWaitsForTheScrapeInProgressThenEndsTheSeriesAndScrapesNoMore() throws Exception {
        slowRequest = new CountDownLatch(1);
        ScrapeLoop loop = loop();
        loop.start();
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue(); // the third scrape is in progress
        Thread release = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // released by the test's end
            }
            slowRequest.countDown();
        });
        loop.stop();
        release.join();
        // The third scrape's batch (it answered within its 150 ms timeout or failed), then the stale markers.
        MetricBatch last = batches.getLast();
        assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
        assertThat(last.resources().getFirst().scopes().getFirst().metrics().getFirst().points().noRecordedValue(0))
                .as("the last batch ends the series").isTrue();
        int seen = requests.get();
        Thread.sleep(600);
        assertThat(requests.get()).as("no scrape after stop").isEqualTo(seen);
    }
}
