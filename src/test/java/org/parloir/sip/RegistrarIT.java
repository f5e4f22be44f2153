package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.SharedServer;
import org.parloir.testing.SipUa;

/** The registrar against JAIN-SIP user agents over loopback UDP (RFC 3261 §10, RFC 2617, RFC 8760, RFC 3327). */
class RegistrarIT {

    @RegisterExtension
    static final SharedServer SERVER = SharedServer.defaults();
    static ParloirServer server;
    static SipUa ua;

    @BeforeAll
    static void start() throws Exception {
        server = SERVER.server();
        ua = new SipUa("phone");
    }

    @AfterAll
    static void stop() {
        ua.close();
    }

    private Request register(String user, int expires) throws Exception {
        Request r = ua.request(Request.REGISTER, "sip:example.org", user + "@example.org", user + "@example.org",
                null);
        r.addHeader(ua.headers.createExpiresHeader(expires));
        ua.routeTo(r, server.sipHostPort());
        return r;
    }

    private static List<ContactHeader> contacts(Response r) {
        List<ContactHeader> list = new ArrayList<>();
        r.getHeaders(ContactHeader.NAME).forEachRemaining(h -> list.add((ContactHeader) h));
        return list;
    }

    @Test
    void theDefaultChallengeIsOneMd5ChallengeWithQopAuth() throws Exception {
        // one challenge: UAs such as baresip 1.0 give up on several (issue 10); SHA-256 is in DigestChallengesIT
        Response r = ua.sendAndAwait(register("alice", 600));
        assertThat(r.getStatusCode()).isEqualTo(401);
        List<String> algorithms = new ArrayList<>();
        r.getHeaders(WWWAuthenticateHeader.NAME).forEachRemaining(h -> {
            WWWAuthenticateHeader w = (WWWAuthenticateHeader) h;
            assertThat(w.getRealm()).isEqualTo("example.org");
            assertThat(w.getQop()).isEqualTo("auth");
            algorithms.add(w.getAlgorithm());
        });
        assertThat(algorithms).containsExactly("MD5");
    }

    @Test
    void registerRefreshAndUnregisterWithMd5FromHa1() throws Exception {
        // alice's directory entry has only an {SSHA} password and HA1 attributes
        Response ok = ua.register("alice", "example.org", "alice-secret", "MD5", 600, server.sipHostPort());
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(ok.getHeader("Date")).isNotNull();
        assertThat(contacts(ok)).singleElement().satisfies(c -> {
            assertThat(c.getAddress().getURI().toString()).isEqualTo(ua.contact());
            assertThat(c.getExpires()).isBetween(595, 600);
        });
        // refresh with a shorter expiry
        Response refreshed = ua.register("alice", "example.org", "alice-secret", "MD5", 300, server.sipHostPort());
        assertThat(contacts(refreshed)).singleElement().satisfies(c -> assertThat(c.getExpires()).isBetween(295,
                300));
        // unregister: Expires 0 removes the binding, the 200 lists none
        Response gone = ua.register("alice", "example.org", "alice-secret", "MD5", 0, server.sipHostPort());
        assertThat(gone.getStatusCode()).isEqualTo(200);
        assertThat(contacts(gone)).isEmpty();
    }

    @Test
    void registerWithMd5FromClearTextPassword() throws Exception {
        // bob's entry has a clear-text userPassword: HA1 is computed at each check
        Response ok = ua.register("bob", "example.org", "bob-secret", "MD5", 600, server.sipHostPort());
        assertThat(ok.getStatusCode()).isEqualTo(200);
        ua.register("bob", "example.org", "bob-secret", "MD5", 0, server.sipHostPort());
    }

    @Test
    void wrongPasswordIsForbidden() throws Exception {
        Response r = ua.register("alice", "example.org", "not-her-password", "MD5", 600, server.sipHostPort());
        assertThat(r.getStatusCode()).isEqualTo(403);
    }

    @Test
    void replayedNonceCountIsRefusedAsStale() throws Exception {
        Request first = register("bob", 600);
        Response challenge = ua.sendAndAwait(first);
        Request authed = ua.next(first);
        ua.digest.answer(authed, challenge, "bob", "bob-secret", "MD5", 1, null);
        assertThat(ua.sendAndAwait(authed).getStatusCode()).isEqualTo(200);
        // the same credentials (same nonce, same nc) on a new request: a replay
        Request replay = ua.next(authed);
        replay.setHeader((AuthorizationHeader) authed.getHeader(AuthorizationHeader.NAME));
        Response refused = ua.sendAndAwait(replay);
        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(((WWWAuthenticateHeader) refused.getHeader(WWWAuthenticateHeader.NAME)).isStale()).isTrue();
        // a higher nc on the same nonce is fine (RFC 2617 §3.2.2)
        Request nc2 = ua.next(authed);
        ua.digest.answer(nc2, challenge, "bob", "bob-secret", "MD5", 2, null);
        assertThat(ua.sendAndAwait(nc2).getStatusCode()).isEqualTo(200);
        ua.register("bob", "example.org", "bob-secret", "MD5", 0, server.sipHostPort());
    }

    @Test
    void unknownNonceGetsAFreshChallenge() throws Exception {
        Request first = register("bob", 600);
        Response challenge = ua.sendAndAwait(first);
        Request forged = ua.next(first);
        ua.digest.answer(forged, challenge, "bob", "bob-secret", "MD5", 1, null);
        ((AuthorizationHeader) forged.getHeader(AuthorizationHeader.NAME)).setNonce("AAAAAAAAAAEAAAAAawSyf_WIpXTmXq9oocAcnw");
        Response r = ua.sendAndAwait(forged);
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(((WWWAuthenticateHeader) r.getHeader(WWWAuthenticateHeader.NAME)).isStale()).isFalse();
    }

    @Test
    void digestUriMayDifferFromRequestUriAsSippSendsIt() throws Exception {
        Request first = register("bob", 600);
        Response challenge = ua.sendAndAwait(first);
        Request authed = ua.next(first);
        ua.digest.answer(authed, challenge, "bob", "bob-secret", "MD5", 1, "sip:" + server.sipHostPort());
        assertThat(ua.sendAndAwait(authed).getStatusCode()).isEqualTo(200);
        ua.register("bob", "example.org", "bob-secret", "MD5", 0, server.sipHostPort());
    }

    @Test
    void tooBriefIntervalGets423WithMinExpires() throws Exception {
        Response r = ua.register("bob", "example.org", "bob-secret", "MD5", 10, server.sipHostPort());
        assertThat(r.getStatusCode()).isEqualTo(423);
        assertThat(((MinExpiresHeader) r.getHeader(MinExpiresHeader.NAME)).getExpires()).isEqualTo(60);
    }

    @Test
    void everyUnsupportedRequiredExtensionIsListedIn420() throws Exception {
        Request r = register("bob", 600);
        r.addHeader(ua.headers.createRequireHeader("path")); // supported (RFC 3327)
        r.addHeader(ua.headers.createRequireHeader("gruu"));
        r.addHeader(ua.headers.createRequireHeader("x-parloir-test"));
        Response refused = ua.sendAndAwait(r);
        assertThat(refused.getStatusCode()).isEqualTo(420);
        // RFC 3261 §8.2.2.3: the Unsupported header lists the tags not supported, all of them
        assertThat(SipUa.optionTags(refused, "Unsupported")).containsExactlyInAnyOrder("gruu", "x-parloir-test");
    }

    @Test
    void severalContactsWithQAndStarUnregister() throws Exception {
        Request first = register("carol.martin", 900);
        first.removeHeader(ContactHeader.NAME);
        ContactHeader desk = ua.headers.createContactHeader(ua.addresses.createAddress(
                ua.addresses.createURI("sip:carol@127.0.0.1:7001")));
        desk.setQValue(1.0f);
        ContactHeader mobile = ua.headers.createContactHeader(ua.addresses.createAddress(
                ua.addresses.createURI("sip:carol@127.0.0.1:7002")));
        mobile.setQValue(0.5f);
        mobile.setExpires(120);
        first.addHeader(desk);
        first.addHeader(mobile);
        first.addHeader(ua.headers.createSupportedHeader("path"));
        first.addHeader(ua.headers.createHeader("Path", "<sip:edge.example.net;lr>"));
        Response challenge = ua.sendAndAwait(first);
        Request authed = ua.next(first);
        ua.digest.answer(authed, challenge, "carol.martin", "carol-secret", "MD5", 1, null);
        Response ok = ua.sendAndAwait(authed);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(contacts(ok)).hasSize(2);
        assertThat(contacts(ok)).anySatisfy(c -> {
            assertThat(c.getAddress().getURI().toString()).isEqualTo("sip:carol@127.0.0.1:7002");
            assertThat(c.getExpires()).isBetween(115, 120);
            assertThat(c.getQValue()).isEqualTo(0.5f);
        });
        assertThat(ok.getHeader("Path").toString()).contains("edge.example.net");
        assertThat(server.bean(org.parloir.sip.registrar.LocationService.class).lookup("carol.martin@example.org"))
                .allSatisfy(b -> assertThat(b.path()).containsExactly("<sip:edge.example.net;lr>"));

        // Contact: * with Expires: 0 removes everything
        Request star = ua.next(authed);
        star.removeHeader(ContactHeader.NAME);
        star.removeHeader("Path");
        star.addHeader(ua.headers.createHeader("Contact", "*"));
        star.setHeader(ua.headers.createExpiresHeader(0));
        Response ch2 = ua.sendAndAwait(star);
        Request star2 = ua.next(star);
        ua.digest.answer(star2, ch2, "carol.martin", "carol-secret", "MD5", 1, null);
        Response cleared = ua.sendAndAwait(star2);
        assertThat(cleared.getStatusCode()).isEqualTo(200);
        assertThat(contacts(cleared)).isEmpty();
    }

    @Test
    void starWithoutExpiresZeroIsABadRequest() throws Exception {
        Request star = register("bob", 600);
        star.removeHeader(ContactHeader.NAME);
        star.addHeader(ua.headers.createHeader("Contact", "*"));
        Response challenge = ua.sendAndAwait(star);
        Request authed = ua.next(star);
        ua.digest.answer(authed, challenge, "bob", "bob-secret", "MD5", 1, null);
        assertThat(ua.sendAndAwait(authed).getStatusCode()).isEqualTo(400);
    }

    @Test
    void foreignDomainIsRefused() throws Exception {
        Request r = ua.request(Request.REGISTER, "sip:elsewhere.net", "eve@elsewhere.net", "eve@elsewhere.net",
                null);
        ua.routeTo(r, server.sipHostPort());
        assertThat(ua.sendAndAwait(r).getStatusCode()).isEqualTo(403);
    }

    @Test
    void usernameMustMatchTheAddressOfRecord() throws Exception {
        // bob's valid credentials cannot register alice's address
        Request r = register("alice", 600);
        Response challenge = ua.sendAndAwait(r);
        Request authed = ua.next(r);
        ua.digest.answer(authed, challenge, "bob", "bob-secret", "MD5", 1, null);
        assertThat(ua.sendAndAwait(authed).getStatusCode()).isEqualTo(403);
    }
}
