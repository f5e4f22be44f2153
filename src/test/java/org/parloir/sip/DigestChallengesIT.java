package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.Profiles;
import org.parloir.testing.SharedServer;
import org.parloir.testing.SipUa;

/**
 * A domain that offers SHA-256 (RFC 8760) as well as MD5, the administrator's explicit choice
 * ({@code parloir.sip.auth.domains.<name>.algorithms}): both challenges on the 401 and the 407, SHA-256 first, and a
 * UA that chose one is challenged with that one alone afterwards. The default, one MD5 challenge, is RegistrarIT's.
 */
class DigestChallengesIT {

    @RegisterExtension
    static final SharedServer SERVER = Profiles.sha256AndLocalAccounts();
    static ParloirServer server;
    static SipUa ua;

    @BeforeAll
    static void start() throws Exception {
        server = SERVER.server();
        ua = new SipUa("sha-phone");
    }

    @AfterAll
    static void stop() {
        ua.close();
        for (String user : new String[] {"alice", "bob", "carol.martin"}) {
            server.bean(LocationService.class).remove(user + "@example.org");
        }
    }

    private static List<String> algorithms(Response r, String header) {
        List<String> list = new ArrayList<>();
        r.getHeaders(header).forEachRemaining(h -> list.add(((WWWAuthenticateHeader) h).getAlgorithm()));
        return list;
    }

    private static List<String> nonces(Response r) {
        List<String> list = new ArrayList<>();
        r.getHeaders(WWWAuthenticateHeader.NAME).forEachRemaining(h -> list.add(((WWWAuthenticateHeader) h).getNonce()));
        return list;
    }

    /** REGISTER as {@code user} from a UA named {@code agent}: the 401, then the answer's response. */
    private Response[] register(String user, String password, String agent, String algorithm) throws Exception {
        Request r = ua.request(Request.REGISTER, "sip:example.org", user + "@example.org", user + "@example.org",
                null);
        r.addHeader(ua.headers.createExpiresHeader(600));
        r.addHeader(ua.headers.createHeader("User-Agent", agent));
        ua.routeTo(r, server.sipHostPort());
        Response challenge = ua.sendAndAwait(r);
        assertThat(challenge.getStatusCode()).isEqualTo(401);
        Request again = ua.next(r);
        ua.digest.answer(again, challenge, user, password, algorithm, 1, null);
        return new Response[] {challenge, ua.sendAndAwait(again)};
    }

    @Test
    void bothChallengesSha256FirstWithOneNonceAndEitherRegisters() throws Exception {
        // bob's entry has a clear-text password, carol's only HA1 attributes: both algorithms work for both
        Response[] bob = register("bob", "bob-secret", "Phone A/1.0", "SHA-256");
        assertThat(algorithms(bob[0], WWWAuthenticateHeader.NAME)).containsExactly("SHA-256", "MD5");
        assertThat(nonces(bob[0])).hasSize(2).containsOnly(nonces(bob[0]).get(0)); // RFC 8760 §2.3
        assertThat(bob[1].getStatusCode()).isEqualTo(200);
        assertThat(register("carol.martin", "carol-secret", "Phone A/1.0", "SHA-256")[1].getStatusCode())
                .isEqualTo(200);
        assertThat(register("carol.martin", "carol-secret", "Phone B/2.0", "MD5")[1].getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void aUaThatChoseSha256GetsItAloneOnItsNextRegisterAndInvite() throws Exception {
        String agent = "DigestChallengesIT/1 sha-only-afterwards";
        assertThat(register("alice", "alice-secret", agent, "SHA-256")[1].getStatusCode()).isEqualTo(200);
        Response[] refresh = register("alice", "alice-secret", agent, "SHA-256");
        assertThat(algorithms(refresh[0], WWWAuthenticateHeader.NAME)).containsExactly("SHA-256");
        assertThat(refresh[1].getStatusCode()).isEqualTo(200);
        // alice's other phone has chosen nothing here yet
        assertThat(algorithms(register("alice", "alice-secret", "Other/1", "MD5")[0], WWWAuthenticateHeader.NAME))
                .containsExactly("SHA-256", "MD5");

        Request invite = ua.request(Request.INVITE, "sip:nobody.here@example.org", "alice@example.org",
                "nobody.here@example.org", server.sipHostPort());
        invite.addHeader(ua.headers.createHeader("User-Agent", agent));
        Response challenge = ua.sendAndAwait(invite);
        assertThat(challenge.getStatusCode()).isEqualTo(407);
        ua.sendAckFor(invite, challenge);
        assertThat(algorithms(challenge, "Proxy-Authenticate")).containsExactly("SHA-256");
        Request again = ua.next(invite);
        ua.digest.answer(again, challenge, "alice", "alice-secret", "SHA-256", 1, null);
        Response routed = ua.sendAndAwait(again);
        assertThat(routed.getStatusCode()).as("authenticated, then not found").isEqualTo(404);
        ua.sendAckFor(again, routed);

        assertThat(server.bean(MeterRegistry.class).get("parloir.sip.auth.agents").gauge().value())
                .isGreaterThanOrEqualTo(2);
        assertThat(server.bean(MeterRegistry.class).get("parloir.sip.auth.agents.limit").gauge().value())
                .isEqualTo(100000);
    }
}
