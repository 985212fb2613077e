package io.meshlens.processor.resourcedetection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Facts about the host for the {@code system} detector; an interface so tests control them. */
interface HostInfo {
    /** The host name from one of {@code dns}, {@code os}, {@code cname}, {@code lookup}. */
    String hostname(String source) throws Exception;

    /** /etc/machine-id (or /var/lib/dbus/machine-id), trimmed. */
    String machineId() throws IOException;

    /** OTel's os.type: linux, windows, darwin, freebsd, ... */
    String osType();

    String osDescription();

    /** OTel's host.arch: amd64, arm64, ... */
    String arch();

    List<String> ips() throws IOException;

    List<String> macs() throws IOException;

    HostInfo SYSTEM = new HostInfo() {
        @Override
        public String hostname(String source) throws Exception {
            return switch (source) {
                // os.Hostname(): the kernel's name for this host.
                case "os" -> {
                    Path p = Path.of("/proc/sys/kernel/hostname");
                    yield Files.exists(p) ? Files.readString(p).strip() : InetAddress.getLocalHost().getHostName();
                }
                // The fully qualified name, through the resolver (/etc/hosts, DNS).
                case "dns" -> InetAddress.getLocalHost().getCanonicalHostName();
                case "cname" -> InetAddress.getByName(hostname("os")).getCanonicalHostName();
                case "lookup" -> {
                    InetAddress a = InetAddress.getByName(hostname("os"));
                    String name = InetAddress.getByAddress(a.getAddress()).getCanonicalHostName();
                    if (name.equals(a.getHostAddress())) {
                        throw new IOException("reverse lookup of " + name + " found no name");
                    }
                    yield name;
                }
                default -> throw new IllegalArgumentException("unknown hostname source " + source);
            };
        }

        @Override
        public String machineId() throws IOException {
            for (String f : List.of("/etc/machine-id", "/var/lib/dbus/machine-id")) {
                Path p = Path.of(f);
                if (Files.isReadable(p)) {
                    String id = Files.readString(p).strip();
                    if (!id.isEmpty()) {
                        return id;
                    }
                }
            }
            throw new IOException("no machine id in /etc/machine-id or /var/lib/dbus/machine-id");
        }

        @Override
        public String osType() {
            String n = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            if (n.startsWith("windows")) {
                return "windows";
            }
            if (n.startsWith("mac") || n.startsWith("darwin")) {
                return "darwin";
            }
            return n.replace(" ", "");
        }

        @Override
        public String osDescription() {
            return System.getProperty("os.name") + " " + System.getProperty("os.version");
        }

        @Override
        public String arch() {
            String a = System.getProperty("os.arch");
            return switch (a) {
                case "x86_64", "amd64" -> "amd64";
                case "aarch64", "arm64" -> "arm64";
                case "x86", "i386", "i686" -> "386";
                default -> a;
            };
        }

        @Override
        public List<String> ips() throws IOException {
            List<String> out = new ArrayList<>();
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp() && !ni.isLoopback()) {
                    ni.inetAddresses().forEach(a -> out.add(a.getHostAddress().replaceAll("%.*$", "")));
                }
            }
            return out;
        }

        @Override
        public List<String> macs() throws IOException {
            List<String> out = new ArrayList<>();
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] mac = ni.getHardwareAddress();
                if (ni.isUp() && !ni.isLoopback() && mac != null && mac.length > 0) {
                    out.add(HexFormat.ofDelimiter("-").withUpperCase().formatHex(mac));
                }
            }
            return out;
        }
    };
}
