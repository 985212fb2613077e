package io.meshlens.cli;

import io.meshlens.service.Version;
import picocli.CommandLine;

/** {@code --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"meshlens " + Version.get() + " (Collector config format of contrib 0.118)"};
    }
}
