package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.FreePorts;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SharedServer;
import org.parloir.testing.Sipp;

/**
 * SIPp (Debian package sip-tester), a SIP tool we did not write, against the server: the bench's authenticated
 * REGISTER scenario, and authenticated calls INVITE/407/ACK/INVITE/200/ACK/BYE through the proxy to a SIPp UAS.
 * SIPp exits 0 only when every call of the scenario succeeded. CI installs SIPp; a missing SIPp fails there.
 */
class SippIT {

    @RegisterExtension
    static final SharedServer SERVER = SharedServer.defaults();
    @TempDir
    static Path work;
    static ParloirServer server;
    static Path scenarios;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Sipp.installed()).as("sipp is needed: apt-get install sip-tester").isTrue();
        server = SERVER.server();
        scenarios = Path.of("src/test/resources/sipp").toAbsolutePath();
    }


    private static Path csv(String name, String... lines) throws IOException {
        Path file = work.resolve(name);
        List<String> all = new ArrayList<>();
        all.add("SEQUENTIAL");
        all.addAll(List.of(lines));
        Files.write(file, all);
        return file;
    }

    private static Process sipp(String label, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        cmd.addAll(args);
        cmd.addAll(List.of("-nostdin", "-i", "127.0.0.1", "-t", "u1", "-trace_err", "-trace_msg"));
        Path dir = Files.createDirectories(work.resolve(label));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
    }

    private static int await(Process p, String label) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(label + ": SIPp did not finish");
        }
        return p.exitValue();
    }

    private static String output(String label) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(work.resolve(label))) {
            for (Path f : files.toList()) {
                if (f.toString().endsWith(".out") || f.toString().endsWith("errors.log")) {
                    sb.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f));
                }
            }
        }
        return sb.toString();
    }

    private static void register(String label, Path users, int count, String contact) throws Exception {
        Process reg = sipp(label, List.of(server.sipHostPort(), "-sf", scenarios.resolve("reg_auth.xml").toString(),
                "-inf", users.toString(), "-key", "domain", "example.org", "-key", "contact", contact,
                "-key", "expires", "3600", "-p", Integer.toString(FreePorts.udpAndTcp()), "-m",
                Integer.toString(count), "-r", "10"));
        assertThat(await(reg, label)).as(() -> uncheckedOutput(label)).isZero();
    }

    private static String uncheckedOutput(String label) {
        try {
            return output(label);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void authenticatedRegisterScenarioPasses() throws Exception {
        Path users = csv("reg_users.csv",
                "alice;[authentication username=alice password=alice-secret]",
                "bob;[authentication username=bob password=bob-secret]",
                "carol.martin;[authentication username=carol.martin password=carol-secret]");
        register("register", users, 3, "127.0.0.1:5999");
        LocationService location = server.bean(LocationService.class);
        assertThat(location.lookup("alice@example.org")).singleElement()
                .satisfies(b -> assertThat(b.contact()).isEqualTo("sip:alice@127.0.0.1:5999;transport=UDP"));
        assertThat(location.lookup("carol.martin@example.org")).hasSize(1);
        location.remove("alice@example.org");
        location.remove("bob@example.org");
        location.remove("carol.martin@example.org");
    }

    @Test
    void authenticatedCallsThroughTheProxyToASippUas() throws Exception {
        int uasPort = FreePorts.udpAndTcp();
        Process uas = sipp("uas", List.of("-sf", scenarios.resolve("uas.xml").toString(), "-p",
                Integer.toString(uasPort), "-m", "2"));
        try {
            register("register-callee", csv("callee.csv", "bob;[authentication username=bob password=bob-secret]"),
                    1, "127.0.0.1:" + uasPort);
            Path calls = csv("call_users.csv",
                    "alice;[authentication username=alice password=alice-secret];bob",
                    "alice;[authentication username=alice password=alice-secret];bob");
            Process uac = sipp("uac", List.of(server.sipHostPort(), "-sf", scenarios.resolve("uac_auth.xml")
                            .toString(), "-inf", calls.toString(), "-key", "domain", "example.org", "-p",
                    Integer.toString(FreePorts.udpAndTcp()), "-m", "2", "-r", "5", "-d", "200"));
            assertThat(await(uac, "uac")).as(() -> uncheckedOutput("uac")).isZero();
            assertThat(await(uas, "uas")).as(() -> uncheckedOutput("uas")).isZero();
        } finally {
            uas.destroy();
            server.bean(LocationService.class).remove("bob@example.org");
        }
    }
}
