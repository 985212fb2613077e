package io.meshlens.extension.meshview;

import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.testing.MeshviewBackends;
import io.meshlens.testing.MeshviewBackends.Backend;
import io.meshlens.testing.MeshviewFixture;
import io.meshlens.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page as a person sees it, in Debian's headless Chromium: real VictoriaMetrics (mesh) and
 * Prometheus (app) behind a running mesh view, a failing ad span fed through the meshview exporter.
 * Screenshots go to {@code target/screenshots/}.
 */
@Tag("e2e")
class MeshViewPageTest {
    @TempDir
    static Path dir;
    static Backend vm;
    static Backend prom;
    static MeshViewRig rig;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        vm = MeshviewBackends.victoriaMetrics(dir);
        prom = MeshviewBackends.prometheus(dir);
        MeshviewFixture data = new MeshviewFixture(System.currentTimeMillis());
        vm.load(data.mesh());
        prom.load(data.app());
        rig = new MeshViewRig(MeshViewRig.config(vm.url(), prom.url(), "http://jaeger:16686/trace/{trace_id}"));
        rig.sendAdErrorSpan();
        CardinalityTracker tracker = CardinalityTracker.of(rig.telemetry);
        tracker.stage("metrics/mesh", "receivers").record(gauges(163));
        tracker.stage("metrics/mesh", "processor filter/mesh").record(gauges(8));
        driver = Browser.start(dir.resolve("chromium-profile"), 1400, 2200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (rig != null) {
            rig.close();
        }
        if (vm != null) {
            vm.close();
        }
        if (prom != null) {
            prom.close();
        }
    }

    /** {@code n} metric names of one series each, as a stage would see them. */
    private static MetricBatch gauges(int n) {
        MetricBatch b = new MetricBatch();
        var scope = b.addResource(Attributes.of("k8s.pod.name", "ad-1")).addScope(Scope.EMPTY);
        for (int i = 0; i < n; i++) {
            NumberPoints p = new NumberPoints();
            p.addDouble(Attributes.of("direction", "inbound"), 0, 1, 1.0, 0);
            scope.metrics().add(Metric.gauge("family_" + i, "", "", p));
        }
        return b;
    }

    private WebElement loadPage() {
        driver.get(rig.url() + "/");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
        return driver.findElement(By.tagName("body"));
    }

    private static void screenshot(String name) throws Exception {
        Path out = Path.of("target/screenshots");
        Files.createDirectories(out);
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), out.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void workloadsTableShowsDeploymentsWithNumbersAndSorts() throws Exception {
        loadPage();
        List<WebElement> rows = driver.findElements(By.cssSelector("#workloads tbody tr"));
        assertThat(rows).extracting(r -> r.getAttribute("data-deployment")).containsExactly("ad", "cart", "frontend");
        WebElement ad = driver.findElement(By.cssSelector("#workloads tr[data-deployment=ad]"));
        assertThat(ad.getText()).contains("otel-demo", "80.00%", "5.00 rps", "9.9 ms", "3");
        assertThat(driver.findElement(By.id("updated")).getText()).isNotEqualTo("never");
        assertThat(driver.findElement(By.id("datasources")).isDisplayed()).isFalse();
        driver.findElement(By.cssSelector("#workloads th[data-key=rps]")).click();
        driver.findElement(By.cssSelector("#workloads th[data-key=rps]")).click();
        assertThat(driver.findElements(By.cssSelector("#workloads tbody tr")))
                .extracting(r -> r.getAttribute("data-deployment")).containsExactly("cart", "ad", "frontend");
        screenshot("meshview-workloads");
    }

    @Test
    void adEdgeCarriesHiddenFailureBadgeAndItsRootCauseSpan() throws Exception {
        loadPage();
        WebElement badge = driver.findElement(By.cssSelector("#edges tr[data-edge=frontend-ad] .hidden-failure"));
        assertThat(badge.getText()).startsWith("HTTP 2xx · gRPC 14 UNAVAILABLE ×");
        assertThat(driver.findElements(By.cssSelector("#edges tr[data-edge=frontend-cart] .hidden-failure"))).isEmpty();
        WebElement cause = driver.findElement(By.cssSelector("#edges tr.root-cause[data-edge=frontend-ad]"));
        assertThat(cause.getText()).contains("oteldemo.AdService/GetAds", "on frontend", MeshViewRig.AD_ERROR,
                MeshViewRig.AD_TRACE);
        assertThat(cause.findElement(By.tagName("a")).getAttribute("href"))
                .isEqualTo("http://jaeger:16686/trace/" + MeshViewRig.AD_TRACE);
        screenshot("meshview-edges");
    }

    @Test
    void latencyChartHasMeshAndAppSeriesAndTheGap() throws Exception {
        loadPage();
        WebElement chart = driver.findElement(By.id("latency-chart"));
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        assertThat(chart.getAttribute("data-series").split(",")).contains("mesh", "app");
        List<String> legend = chart.findElements(By.cssSelector(".u-legend .u-series .u-label")).stream()
                .map(WebElement::getText).toList();
        assertThat(legend).contains("mesh p99 cart-6c9b4d-q8w2e", "app p99 app_cart_add_item_latency_seconds");
        assertThat(driver.findElement(By.id("latency-gap")).getText()).contains("mesh 50 ms", "app 25 ms", "gap 25 ms");
        driver.executeScript("document.getElementById('latency-section').scrollIntoView()");
        screenshot("meshview-latency");
    }

    @Test
    void cardinalityViewShowsStagesAndBackendSeries() throws Exception {
        loadPage();
        WebElement pipeline = driver.findElement(By.cssSelector("#cardinality-pipelines [data-pipeline='metrics/mesh']"));
        List<WebElement> stages = pipeline.findElements(By.cssSelector("tbody tr"));
        assertThat(stages.get(0).getText()).startsWith("receivers 163");
        assertThat(stages.get(1).getText()).startsWith("processor filter/mesh → exporters 8");
        assertThat(driver.findElement(By.id("cardinality-summary")).getText())
                .contains("response_latency_ms_bucket alone has 156", "does nothing to the label cardinality");
        assertThat(driver.findElement(By.cssSelector("#cardinality-names tbody tr")).getText())
                .startsWith("response_latency_ms_bucket 156");
        driver.executeScript("document.getElementById('cardinality-section').scrollIntoView()");
        screenshot("meshview-cardinality");
    }

    @Test
    void swappedDatasourcesShowAPlainBannerAndEmptyStatesSayWhatToDo() throws Exception {
        try (MeshViewRig swapped = new MeshViewRig(MeshViewRig.config(prom.url(), vm.url(), ""))) {
            driver.get(swapped.url() + "/");
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                    "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
            WebElement banner = driver.findElement(By.id("datasources"));
            assertThat(banner.isDisplayed()).isTrue();
            assertThat(banner.getText()).contains("look swapped", "Exchange datasources.mesh and datasources.app");
            assertThat(driver.findElement(By.cssSelector("#workloads tbody tr.empty")).getText())
                    .startsWith("No meshed workloads with inbound traffic in the window. Check that the mesh pipeline");
            assertThat(driver.findElement(By.cssSelector("#edges tbody tr.empty")).getText())
                    .isEqualTo("No outbound traffic between meshed workloads in the window.");
            screenshot("meshview-swapped-datasources");
        }
    }

    @Test
    void fullPageScreenshotForTheReadme() throws Exception {
        loadPage();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                !d.findElements(By.cssSelector("#edges tr.root-cause")).isEmpty());
        screenshot("meshview");
        assertThat(Path.of("target/screenshots/meshview.png")).isNotEmptyFile();
    }
}
