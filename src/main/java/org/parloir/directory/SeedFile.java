package org.parloir.directory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the embedded directory's seed comes from ({@code parloir.ldap.embedded.ldif}): a file path, or
 * {@code classpath:name} for one packed in the jar, so that the jar runs in an empty folder.
 */
record SeedFile(String location, Path file, String resource) {

    static final String CLASSPATH = "classpath:";

    static SeedFile of(String location) {
        if (location.startsWith(CLASSPATH)) {
            String name = location.substring(CLASSPATH.length()).replaceFirst("^/+", "");
            if (SeedFile.class.getClassLoader().getResource(name) == null) {
                throw notFound(location + " (not in the jar or on the classpath)");
            }
            return new SeedFile(location, null, name);
        }
        Path file = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        if (!Files.isRegularFile(file)) {
            throw notFound(file.toAbsolutePath().toString());
        }
        return new SeedFile(location, file, null);
    }

    InputStream open() throws IOException {
        if (file != null) {
            return Files.newInputStream(file);
        }
        InputStream in = SeedFile.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("seed file vanished from the classpath: " + resource);
        }
        return in;
    }

    private static IllegalStateException notFound(String what) {
        return new IllegalStateException("parloir.ldap.embedded.ldif: seed file not found: " + what);
    }

    @Override
    public String toString() {
        return file != null ? file.toString() : location;
    }
}
