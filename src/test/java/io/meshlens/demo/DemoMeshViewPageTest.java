package io.meshlens.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mesh view of a running {@code meshlens demo} (30 simulated pods, the ad service failing with
 * gRPC 14 under HTTP 200, examples/linkerd-mesh.yaml + examples/demo-app.yaml unchanged) as a
 * person sees it in Debian's headless Chromium, once two 30 s scrape rounds have landed.
 * Screenshots go to {@code target/screenshots/demo-*.png}.
 */
@Tag("e2e")
class DemoMeshViewPageTest {
    @TempDir
    static Path dir;
    static Demo demo;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        demo = new Demo(new Demo.Options(30, 1, List.of("ad:grpc-unavailable:0.1"), null, false, null,
                dir.resolve("demo"), Path.of(".")), new PrintStream(new ByteArrayOutputStream()));
        demo.start();
        awaitData();
        driver = Browser.start(dir.resolve("chromium-profile"), 1400, 2400);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (demo != null) {
            demo.close();
        }
    }

    /**
     * Waits (at most 3 minutes) until the mesh view has everything the tests look at: two scrape
     * rounds (the first counting window of the cardinality view closes after a minute), the ad
     * edge's hidden failure with an error span, and app latency.
     */
    private static void awaitData() throws Exception {
        long started = System.currentTimeMillis();
        long deadline = started + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (System.currentTimeMillis() - started >= 70_000 && ready()) {
                dumpApi();
                return;
            }
            Thread.sleep(2000);
        }
        dumpApi();
        throw new AssertionError("the demo's mesh view had no complete data within 3 minutes; the API's answers are in "
                + "target/screenshots/demo-api-*.json");
    }

    /** The API's answers beside the screenshots, to read when a check fails. */
    private static void dumpApi() throws Exception {
        Path out = Files.createDirectories(Path.of("target/screenshots"));
        for (String a : List.of("edges", "latency", "cardinality", "workloads")) {
            Files.writeString(out.resolve("demo-api-" + a + ".json"), api("/api/" + a).toPrettyString());
        }
    }

    private static boolean ready() throws Exception {
        JsonNode edges = api("/api/edges").path("edges");
        boolean adFailing = false;
        for (JsonNode e : edges) {
            if (e.at("/edge/dst").asText().equals("ad") && e.at("/edge/hiddenFailures").size() > 0) {
                adFailing = true;
            }
        }
        JsonNode chart = api("/api/latency").path("chart");
        boolean app = false;
        for (JsonNode l : chart.path("lines")) {
            app |= l.path("layer").asText().equals("app");
        }
        // The gap needs a rate over two scrapes of cart's proxy and two app pushes.
        app &= chart.hasNonNull("gapMs");
        JsonNode stages = api("/api/cardinality").at("/pipelines/metrics~1mesh");
        boolean complete = stages.size() > 0 && stages.get(0).path("complete").asBoolean();
        return adFailing && app && complete;
    }

    private static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(demo.meshviewUrl() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    private static void loadPage() {
        driver.get(demo.meshviewUrl() + "/");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
    }

    private static void screenshot(String name) throws Exception {
        Path out = Path.of("target/screenshots");
        Files.createDirectories(out);
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), out.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void workloadsTableShowsTheDemosDeploymentsWithNumbers() throws Exception {
        loadPage();
        List<String> deployments = driver.findElements(By.cssSelector("#workloads tbody tr")).stream()
                .map(r -> r.getAttribute("data-deployment")).toList();
        assertThat(deployments).contains("frontend", "cart", "ad");
        for (String d : List.of("frontend", "cart", "ad")) {
            String row = driver.findElement(By.cssSelector("#workloads tr[data-deployment=" + d + "]")).getText();
            // success rate, RPS and a latency, each a number
            assertThat(row).as(d).containsPattern("\\d+\\.\\d+%").containsPattern("\\d+\\.\\d+ rps")
                    .containsPattern("\\d+(\\.\\d+)? ms");
        }
        // gRPC failures count as failures: the ad service is below 100 %
        assertThat(driver.findElement(By.cssSelector("#workloads tr[data-deployment=ad]")).getText())
                .doesNotContain("100.00%");
        screenshot("demo-meshview-workloads");
    }

    @Test
    void frontendToAdEdgeCarriesTheHiddenFailureAndItsRootCauseSpan() throws Exception {
        loadPage();
        WebElement badge = driver.findElement(By.cssSelector("#edges tr[data-edge=frontend-ad] .hidden-failure"));
        assertThat(badge.getText()).startsWith("HTTP 2xx · gRPC 14 UNAVAILABLE ×");
        assertThat(driver.findElements(By.cssSelector("#edges tr[data-edge=frontend-cart] .hidden-failure"))).isEmpty();
        WebElement cause = driver.findElement(By.cssSelector("#edges tr.root-cause[data-edge=frontend-ad]"));
        assertThat(cause.getText()).contains("oteldemo.AdService/GetAds");
        driver.executeScript("document.getElementById('edges-section').scrollIntoView()");
        screenshot("demo-meshview-edges");
    }

    @Test
    void latencyChartHasMeshAndAppSeries() throws Exception {
        loadPage();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                !d.findElement(By.id("latency-chart")).findElements(By.tagName("canvas")).isEmpty());
        WebElement chart = driver.findElement(By.id("latency-chart"));
        assertThat(chart.getAttribute("data-series").split(",")).contains("mesh", "app");
        List<String> legend = chart.findElements(By.cssSelector(".u-legend .u-series .u-label")).stream()
                .map(WebElement::getText).toList();
        // a pod's mesh line is there once its latency histogram moved within the chart range; any pod will do
        assertThat(legend).anyMatch(l -> l.startsWith("mesh p99 "))
                .contains("app p99 app_cart_add_item_latency_seconds");
        assertThat(driver.findElement(By.id("latency-gap")).getText()).contains("gap");
        // Lines are drawn, not just listed: coloured pixels are the mesh lines; hiding the app series in the
        // legend removes the dark pixels of its line.
        long[] shown = linePixels();
        assertThat(shown[0]).as("coloured (mesh) line pixels").isGreaterThan(500);
        chart.findElements(By.cssSelector(".u-legend .u-series")).stream()
                .filter(s -> s.getText().startsWith("app p99")).findFirst().orElseThrow().click();
        long[] withoutApp = linePixels();
        assertThat(shown[1] - withoutApp[1]).as("dark (app) line pixels").isGreaterThan(200);
        chart.findElements(By.cssSelector(".u-legend .u-series")).stream()
                .filter(s -> s.getText().startsWith("app p99")).findFirst().orElseThrow().click();
        driver.executeScript("document.getElementById('latency-section').scrollIntoView()");
        screenshot("demo-meshview-latency");
    }

    /** Pixels of the chart canvas: {@code [coloured, dark]} (grid and axes are grey, axis text is small). */
    private static long[] linePixels() {
        @SuppressWarnings("unchecked")
        List<Long> r = (List<Long>) driver.executeScript("""
                const c = document.querySelector('#latency-chart canvas');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let coloured = 0, dark = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] < 128) continue;
                  const mx = Math.max(d[i], d[i + 1], d[i + 2]), mn = Math.min(d[i], d[i + 1], d[i + 2]);
                  if (mx - mn > 60) coloured++; else if (mx < 90) dark++;
                }
                return [coloured, dark];""");
        return new long[]{r.get(0), r.get(1)};
    }

    @Test
    void cardinalityViewShowsTheScrapedFamiliesAndElevenNamesAtExport() throws Exception {
        loadPage();
        WebElement pipeline = driver.findElement(By.cssSelector("#cardinality-pipelines [data-pipeline='metrics/mesh']"));
        List<String> stages = pipeline.findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText)
                .toList();
        // the seed: "163 families in, 11 out"
        assertThat(stages.getFirst()).startsWith("scraped (exposed) 163 ");
        assertThat(stages.get(1)).startsWith("receivers ");
        assertThat(stages.getLast()).startsWith("processor batch → exporters ");
        List<String> names = driver.findElements(By.cssSelector("#cardinality-names tbody tr")).stream()
                .map(r -> r.findElement(By.tagName("td")).getText()).toList();
        assertThat(names).hasSize(11).contains("response_latency_ms_bucket", "target_info",
                "control_response_latency_ms_bucket");
        driver.executeScript("document.getElementById('cardinality-section').scrollIntoView()");
        screenshot("demo-meshview-cardinality");
    }

    @Test
    void fullPageScreenshot() throws Exception {
        loadPage();
        // the whole page in one image (the README's picture): the window as tall as the page
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(1400, height.intValue() + 100));
        try {
            screenshot("demo-meshview");
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 2400));
        }
        assertThat(Path.of("target/screenshots/demo-meshview.png")).isNotEmptyFile();
    }
}
