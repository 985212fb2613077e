package io.meshlens.promhttp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds a client SSLContext from TLS settings (PEM files; PKCS#8 keys), shared by scraping and the
 * exporters. Null when the JDK defaults do.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * @param caFile trusted CAs, or null for the JDK's
     * @param certFile client certificate chain, or null
     * @param keyFile client key (PKCS#8 PEM), or null
     */
    public static SSLContext build(boolean insecureSkipVerify, java.nio.file.Path caFile, java.nio.file.Path certFile,
                                   java.nio.file.Path keyFile) throws IOException, GeneralSecurityException {
        return build(insecureSkipVerify, caFile, certFile, keyFile, "");
    }

    /**
     * As {@link #build(boolean, java.nio.file.Path, java.nio.file.Path, java.nio.file.Path)}, with
     * {@code server_name}: when not empty, the server certificate must be valid for that name
     * instead of the URL's host, as with Go's {@code tls.Config.ServerName}. (JSSE alone would
     * accept a certificate valid for either: it falls back to the host when the SNI name fails.)
     */
    public static SSLContext build(boolean insecureSkipVerify, java.nio.file.Path caFile, java.nio.file.Path certFile,
                                   java.nio.file.Path keyFile, String serverName) throws IOException, GeneralSecurityException {
        boolean checkName = serverName != null && !serverName.isEmpty();
        if (!insecureSkipVerify && caFile == null && certFile == null && !checkName) {
            return null;
        }
        TrustManager[] trust = null;
        if (insecureSkipVerify) {
            trust = new TrustManager[] {new TrustAll()};
        } else if (caFile != null || checkName) {
            KeyStore ks = null;
            if (caFile != null) {
                ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : certificates(Files.readAllBytes(caFile))) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            trust = tmf.getTrustManagers();
            if (checkName) {
                for (int i = 0; i < trust.length; i++) {
                    if (trust[i] instanceof X509TrustManager x) {
                        trust[i] = new ServerNameCheck(x, serverName);
                    }
                }
            }
        }
        KeyManager[] keys = null;
        if (certFile != null && keyFile != null) {
            Certificate[] chain = certificates(Files.readAllBytes(certFile)).toArray(new Certificate[0]);
            PrivateKey key = privateKey(Files.readString(keyFile));
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setKeyEntry("client", key, new char[0], chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            keys = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, trust, null);
        return ctx;
    }

    private static Collection<? extends Certificate> certificates(byte[] pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new GeneralSecurityException("key_file must be an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm in key_file");
    }

    /**
     * server_name: the chain is validated by the JDK's trust manager, the name against the
     * certificate's subject alternative names only (DNS names with a whole-label {@code *.}
     * wildcard, or IP addresses for an IP literal) — as Go checks it, ignoring the common name.
     */
    private static final class ServerNameCheck extends X509ExtendedTrustManager {
        private final X509TrustManager chain;
        private final String serverName;

        ServerNameCheck(X509TrustManager chain, String serverName) {
            this.chain = chain;
            this.serverName = serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            checkServerTrusted(c, a);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            checkServerTrusted(c, a);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
            chain.checkServerTrusted(c, a);
            checkName(c[0]);
        }

        private void checkName(X509Certificate leaf) throws CertificateException {
            boolean ipLiteral = serverName.indexOf(':') >= 0 || serverName.matches("[0-9.]+");
            List<String> validFor = new ArrayList<>();
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
                int type = (Integer) san.get(0);
                String value = String.valueOf(san.get(1));
                if (type == 2 || type == 7) {
                    validFor.add(value);
                }
                if (ipLiteral ? type == 7 && sameAddress(value) : type == 2 && dnsMatches(value)) {
                    return;
                }
            }
            throw new CertificateException(validFor.isEmpty()
                    ? "x509: certificate has no subject alternative names, not valid for " + serverName
                    : "x509: certificate is valid for " + String.join(", ", validFor) + ", not " + serverName);
        }

        private boolean sameAddress(String certIp) {
            try {
                return InetAddress.getByName(certIp).equals(InetAddress.getByName(serverName));
            } catch (IOException e) {
                return false;
            }
        }

        private boolean dnsMatches(String pattern) {
            String name = serverName.toLowerCase(Locale.ROOT);
            String p = pattern.toLowerCase(Locale.ROOT);
            if (p.startsWith("*.")) {
                int dot = name.indexOf('.');
                return dot > 0 && name.substring(dot).equals(p.substring(1));
            }
            return name.equals(p);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            chain.checkClientTrusted(c, a);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            chain.checkClientTrusted(c, a);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
            chain.checkClientTrusted(c, a);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
        }
    }

    /**
     * insecure_skip_verify: accepts any server certificate. An X509ExtendedTrustManager is where JSSE
     * does hostname checks, so this one also skips those, as Go's InsecureSkipVerify does.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
