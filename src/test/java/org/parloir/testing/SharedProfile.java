package org.parloir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A running {@link SharedServer} profile: the server, its data folder, and what it was started with. */
final class SharedProfile implements AutoCloseable {

    private final String name;
    private final Path dir;
    private final PortLog ports;
    private final ParloirServer server;
    private final String definedBy;

    private SharedProfile(String name, Path dir, PortLog ports, ParloirServer server, String definedBy) {
        this.name = name;
        this.dir = dir;
        this.ports = ports;
        this.server = server;
        this.definedBy = definedBy;
    }

    static SharedProfile start(String name, Consumer<ParloirServer> definition, Class<?> by) {
        Path dir;
        try {
            dir = Files.createTempDirectory("parloir-profile-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PortLog ports = new PortLog(Ports.FREE);
        ParloirServer server = new ParloirServer(dir, ports.recording());
        definition.accept(server);
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            delete(dir);
            throw e;
        }
        return new SharedProfile(name, dir, ports, server, by.getName());
    }

    ParloirServer server() {
        return server;
    }

    /** Fails unless {@code definition} gives the running server's properties (with the ports it picked then). */
    void requireSameDefinition(Consumer<ParloirServer> definition, Class<?> by) {
        ParloirServer again = new ParloirServer(dir, ports.replay());
        definition.accept(again);
        List<String> differences = differences(server, again);
        if (!differences.isEmpty()) {
            throw new IllegalStateException("profile \"" + name + "\" has two definitions: " + by.getName()
                    + " differs from " + definedBy + " in " + differences + "; give one of them another name");
        }
    }

    /** What {@code asked} would start with that {@code running} did not: properties, then configuration classes. */
    static List<String> differences(ParloirServer running, ParloirServer asked) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(running.properties().keySet());
        keys.addAll(asked.properties().keySet());
        for (String key : keys) {
            String was = running.properties().get(key);
            String is = asked.properties().get(key);
            if (!Objects.equals(was, is)) {
                out.add(key + "=" + was + " (running) / " + is + " (asked)");
            }
        }
        if (!running.configurations().equals(asked.configurations())) {
            out.add("configuration classes " + running.configurations() + " (running) / " + asked.configurations()
                    + " (asked)");
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** The ports a profile's first start picked, in order, to hand the same ones to a second look at it. */
    static final class PortLog {

        private final Ports source;
        private final List<Integer> picked = new ArrayList<>();

        PortLog(Ports source) {
            this.source = source;
        }

        Ports recording() {
            return new Ports() {
                @Override
                public int udpAndTcp() {
                    return record(source.udpAndTcp());
                }

                @Override
                public int tcp() {
                    return record(source.tcp());
                }
            };
        }

        private int record(int port) {
            picked.add(port);
            return port;
        }

        /** The same ports again; past them, -1, which no first start had: a longer definition differs. */
        Ports replay() {
            return new Ports() {
                private int next;

                @Override
                public int udpAndTcp() {
                    return next < picked.size() ? picked.get(next++) : -1;
                }

                @Override
                public int tcp() {
                    return udpAndTcp();
                }
            };
        }
    }
}
