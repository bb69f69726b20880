package dev.mayabench.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of the jar this runs from, as Maven wrote it into the manifest. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"mayabench " + (version == null ? "(development build)" : version)};
    }
}
