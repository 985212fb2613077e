package io.meshlens.scrape;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.MetricBatch;
import io.meshlens.relabel.Labels;
import io.meshlens.telemetry.ReceiverTelemetry;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scraping https targets through the real path — scrape config with {@code tls_config}, the job's
 * HTTP client, {@link HttpScraper}, {@link TargetScraper}, {@link ScrapeLoop} status — against a
 * real HTTPS server on loopback whose certificates keytool makes for this test: a CA, a server
 * certificate for {@code metrics.test} and 127.60.0.1 signed by it, a client certificate for mTLS,
 * and an unrelated CA.
 */
class HttpsScrapeTest {
    private static final String IP = "127.60.0.1";
    private static final String PASS = "changeit";
    private static final String BODY = "# TYPE x gauge\nx 42\n";

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static HttpsServer mtlsServer;

    @BeforeAll
    static void certificatesAndServers() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=meshlens test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        writePem("ca.pem", load("ca.p12").getCertificate("ca"));
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "other.p12");
        writePem("other-ca.pem", load("other.p12").getCertificate("other"));
        signed("server", "CN=metrics.test", "SAN=dns:metrics.test,ip:" + IP, "EKU=serverAuth");
        signed("client", "CN=meshlens scraper", "SAN=dns:scraper.test", "EKU=clientAuth");
        writeKeyPem("client");

        server = start(serverContext(false), false);
        mtlsServer = start(serverContext(true), true);
    }

    @AfterAll
    static void stopServers() {
        if (server != null) {
            server.stop(0);
        }
        if (mtlsServer != null) {
            mtlsServer.stop(0);
        }
    }

    @Test
    void scrapesWithTheRightCa() throws Exception {
        Result r = scrape(server, "ca_file: " + dir.resolve("ca.pem"));
        assertThat(r.status.lastError()).isEmpty();
        assertThat(r.status.health()).isEqualTo(TargetStatus.Health.UP);
        assertThat(r.value("x")).isEqualTo(42);
        assertThat(r.value("up")).isEqualTo(1);
    }

    @Test
    void serverNameIsTheNameTheCertificateIsCheckedFor() throws Exception {
        Result ok = scrape(server, "ca_file: " + dir.resolve("ca.pem") + "\nserver_name: metrics.test");
        assertThat(ok.status.lastError()).isEmpty();
        assertThat(ok.value("x")).isEqualTo(42);

        Result wrong = scrape(server, "ca_file: " + dir.resolve("ca.pem") + "\nserver_name: other.test");
        assertThat(wrong.status.health()).isEqualTo(TargetStatus.Health.DOWN);
        assertThat(wrong.value("up")).isZero();
        assertThat(wrong.status.lastError()).startsWith("Get \"https://" + IP).contains("other.test");
    }

    @Test
    void failsWithAnotherCa() throws Exception {
        Result r = scrape(server, "ca_file: " + dir.resolve("other-ca.pem"));
        assertThat(r.status.health()).isEqualTo(TargetStatus.Health.DOWN);
        assertThat(r.value("up")).isZero();
        assertThat(r.value("x")).isNull();
        assertThat(r.status.lastError()).startsWith("Get \"https://" + IP).containsIgnoringCase("certification path");
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
        Result r = scrape(server, "insecure_skip_verify: true\nserver_name: other.test");
        assertThat(r.status.lastError()).isEmpty();
        assertThat(r.value("x")).isEqualTo(42);
    }

    @Test
    void clientCertificateIsPresentedForMutualTls() throws Exception {
        Result with = scrape(mtlsServer, "ca_file: " + dir.resolve("ca.pem") + "\ncert_file: " + dir.resolve("client.pem")
                + "\nkey_file: " + dir.resolve("client-key.pem"));
        assertThat(with.status.lastError()).isEmpty();
        assertThat(with.value("x")).isEqualTo(42);

        Result without = scrape(mtlsServer, "ca_file: " + dir.resolve("ca.pem"));
        assertThat(without.status.health()).isEqualTo(TargetStatus.Health.DOWN);
        assertThat(without.value("up")).isZero();
        assertThat(without.status.lastError()).startsWith("Get \"https://" + IP);
    }

    private record Result(TargetStatus status, List<MetricBatch> batches) {
        /** The value of the first point of metric {@code name} in the batch, or null. */
        Double value(String name) {
            return batches.stream().flatMap(b -> b.resources().stream()).flatMap(r -> r.scopes().stream())
                    .flatMap(s -> s.metrics().stream()).filter(m -> m.name().equals(name))
                    .map(m -> m.numberPoints().value(0)).findFirst().orElse(null);
        }
    }

    /** One scrape of the server by a target whose scrape config has scheme https and this tls_config. */
    private static Result scrape(HttpsServer s, String tlsConfig) throws Exception {
        Path f = Files.writeString(Files.createTempFile(dir, "scrape", ".yaml"), """
                scrape_configs:
                  - job_name: tls
                    scheme: https
                    scrape_timeout: 5s
                    static_configs: [{targets: ["unused:1"]}]
                    tls_config:
                """ + tlsConfig.indent(6));
        ConfigErrors errors = new ConfigErrors();
        PromConfig pc = PromConfig.parse(new ConfigReader(ConfigLoader.load(List.of(f), List.of(), Map.of()).root(), "t", errors));
        errors.throwIfErrors();
        ScrapeConfig sc = pc.scrapeConfigs().get(0);
        String address = IP + ":" + s.getAddress().getPort();
        TargetLabels.Result labels = TargetLabels.populate(Labels.of("__address__", address), Labels.empty(), sc.targetSettings());
        Target target = Target.of(labels, sc);
        assertThat(target.url()).isEqualTo("https://" + address + "/metrics");
        HttpScraper http = new HttpScraper(sc.http().newClient(Duration.ofSeconds(5), true), "meshlens-test",
                sc.http().authHeaders());
        List<MetricBatch> batches = new ArrayList<>();
        ScrapeLoop loop = new ScrapeLoop(target, http, new TargetScraper(target, "test"), batches::add,
                new ReceiverTelemetry(new Telemetry(), "prometheus", "http"), 0);
        loop.scrapeOnce();
        return new Result(loop.status(), batches);
    }

    private static HttpsServer start(SSLContext tls, boolean needClientAuth) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(IP, 0), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                var p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        s.createContext("/metrics", ex -> {
            byte[] b = BODY.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        s.start();
        return s;
    }

    /** The server's key and chain; with client auth, trusting the test CA for client certificates. */
    private static SSLContext serverContext(boolean clientAuth) throws Exception {
        KeyStore ks = load("server.p12");
        // The signed certificate and the CA as the key's chain.
        ks.setKeyEntry("server", ks.getKey("server", PASS.toCharArray()), PASS.toCharArray(), new Certificate[] {
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("server.pem")))),
            load("ca.p12").getCertificate("ca")});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", load("ca.p12").getCertificate("ca"));
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), clientAuth ? tmf.getTrustManagers() : null, null);
        return ctx;
    }

    /** A key pair in {@code <alias>.p12} and, in {@code <alias>.pem}, its certificate signed by the test CA. */
    private static void signed(String alias, String dname, String san, String eku) throws Exception {
        String store = alias + ".p12";
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-keystore", store);
        keytool("-certreq", "-alias", alias, "-keystore", store, "-file", alias + ".csr");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", alias + ".csr",
                "-outfile", alias + ".pem", "-ext", san, "-ext", eku, "-validity", "2");
    }

    private static void writePem(String file, Certificate c) throws Exception {
        Files.writeString(dir.resolve(file), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    /** The key of {@code <alias>.p12} as an unencrypted PKCS#8 PEM file, as tls_config key_file wants it. */
    private static void writeKeyPem(String alias) throws Exception {
        byte[] der = load(alias + ".p12").getKey(alias, PASS.toCharArray()).getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(dir.resolve(alias + "-key.pem"), pem);
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // Quicker start-up for the short-lived tool.
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", PASS, "-storetype", "PKCS12"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + out);
        }
    }
}
