package org.okdhp.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The okdhp release this code belongs to, taken from the build (a filtered resource) so that the
 * command line and exported models never state a number that went stale in the source.
 */
public final class OkdhpVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";
    private static final String VERSION = read();

    /** The version, e.g. {@code 0.1.0}. */
    public static String current() {
        return VERSION;
    }

    /** For picocli's {@code --version}. */
    @Override
    public String[] getVersion() {
        return new String[] {"okdhp " + VERSION};
    }

    private static String read() {
        try (InputStream in = OkdhpVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }
}
