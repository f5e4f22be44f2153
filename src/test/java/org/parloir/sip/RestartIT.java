package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SipUa;

/** Registrations are persisted: a restarted server still routes to the phones registered before. */
class RestartIT {

    @TempDir
    Path data;

    @Test
    void bindingsSurviveARestartAndStillRouteCalls() throws Exception {
        int sipPort;
        try (SipUa phone = new SipUa("bob"); SipUa caller = new SipUa("eve")) {
            try (ParloirServer first = new ParloirServer(data).start()) {
                sipPort = first.sipPort();
                assertThat(phone.register("bob", "example.org", "bob-secret", "MD5", 3600, first.sipHostPort())
                        .getStatusCode()).isEqualTo(200);
            }
            try (ParloirServer second = new ParloirServer(data, sipPort).start()) {
                assertThat(second.bean(LocationService.class).lookup("bob@example.org"))
                        .singleElement()
                        .satisfies(b -> {
                            assertThat(b.contact()).isEqualTo(phone.contact());
                            assertThat(b.secondsLeft(System.currentTimeMillis())).isBetween(3500, 3600);
                        });
                Request invite = caller.request(Request.INVITE, "sip:bob@example.org", "eve@elsewhere.net",
                        "bob@example.org", second.sipHostPort());
                var ct = caller.send(invite);
                var atPhone = phone.awaitRequest(Request.INVITE, java.time.Duration.ofSeconds(10));
                phone.respond(atPhone, null, Response.BUSY_HERE, "p");
                assertThat(caller.awaitFinal(ct, java.time.Duration.ofSeconds(10)).getStatusCode()).isEqualTo(486);
            }
        }
    }

    @Test
    void expiredBindingsAreNotRestored() throws Exception {
        int sipPort;
        try (SipUa phone = new SipUa("alice")) {
            try (ParloirServer first = new ParloirServer(data).with("parloir.sip.registrar.min-expires", "1")
                    .start()) {
                sipPort = first.sipPort();
                assertThat(phone.register("alice", "example.org", "alice-secret", "MD5", 1, first.sipHostPort())
                        .getStatusCode()).isEqualTo(200);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                        first.bean(LocationService.class).lookup("alice@example.org").isEmpty());
            }
            try (ParloirServer second = new ParloirServer(data, sipPort).start()) {
                assertThat(second.bean(LocationService.class).lookup("alice@example.org")).isEmpty();
            }
        }
    }
}
