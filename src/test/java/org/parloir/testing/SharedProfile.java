package org.parloir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
        PortLog ports = new PortLog();
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
        if (!again.properties().equals(server.properties())
                || !again.configurations().equals(server.configurations())) {
            throw new IllegalStateException("profile \"" + name + "\" has two definitions: " + by.getName()
                    + " differs from " + definedBy + " in " + differences(server.properties(), again.properties())
                    + "; give one of them another profile name");
        }
    }

    private static List<String> differences(Map<String, String> running, Map<String, String> asked) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(running.keySet());
        keys.addAll(asked.keySet());
        for (String key : keys) {
            if (!Objects.equals(running.get(key), asked.get(key))) {
                out.add(key + "=" + running.get(key) + " (running) / " + asked.get(key) + " (asked)");
            }
        }
        return out.isEmpty() ? List.of("its configuration classes") : out;
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
    private static final class PortLog {

        private final List<Integer> picked = new ArrayList<>();

        Ports recording() {
            return new Ports() {
                @Override
                public int udpAndTcp() {
                    return record(Ports.FREE.udpAndTcp());
                }

                @Override
                public int tcp() {
                    return record(Ports.FREE.tcp());
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
