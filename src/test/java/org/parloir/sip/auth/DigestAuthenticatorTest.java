package org.parloir.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parloir.sip.auth.DigestAlgorithm.MD5;
import static org.parloir.sip.auth.DigestAlgorithm.SHA_256;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.SipCredentials;
import org.parloir.testing.DigestClient;

/** The challenges a REGISTER gets, and what a response to them leads to, on JAIN-SIP messages (no sockets). */
class DigestAuthenticatorTest {

    private static final String REALM = "example.org";
    private final UserAddress alice = new UserAddress("alice", "example.org");
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final MessageFactory messages;

    DigestAuthenticatorTest() throws Exception {
        SipFactory sip = SipFactory.getInstance();
        sip.setPathName("gov.nist");
        headers = sip.createHeaderFactory();
        addresses = sip.createAddressFactory();
        messages = sip.createMessageFactory();
    }

    private DigestAuthenticator authenticator(List<DigestAlgorithm> site) {
        return new DigestAuthenticator(new NonceService(Duration.ofMinutes(5), 1024, Clock.systemUTC()),
                a -> CompletableFuture.completedFuture(Optional.of(
                        new SipCredentials(a, a.local(), a.local() + "-secret", null, null))),
                headers, new ChallengePolicy(site, Map.of(), new KnownAgents(100, Duration.ofDays(1))));
    }

    private Request register(String userAgent) throws Exception {
        SipURI aor = addresses.createSipURI("alice", "example.org");
        Request r = messages.createRequest(addresses.createSipURI(null, "example.org"), Request.REGISTER,
                headers.createCallIdHeader("c" + System.nanoTime() + "@x"), headers.createCSeqHeader(1L,
                        Request.REGISTER), headers.createFromHeader(addresses.createAddress(aor), "t1"),
                headers.createToHeader(addresses.createAddress(aor), null), List.of(headers.createViaHeader(
                        "127.0.0.1", 5060, "udp", "z9hG4bK-" + System.nanoTime())), headers.createMaxForwardsHeader(70));
        r.addHeader(headers.createHeader("User-Agent", userAgent));
        return r;
    }

    private Response challenged(DigestAuthenticator auth, Request request) throws Exception {
        Response r = messages.createResponse(Response.UNAUTHORIZED, request);
        auth.challenge(request, alice, REALM, false, false).forEach(r::addHeader);
        return r;
    }

    private static List<String> algorithms(Response challenge) {
        List<String> list = new java.util.ArrayList<>();
        challenge.getHeaders(WWWAuthenticateHeader.NAME)
                .forEachRemaining(h -> list.add(((WWWAuthenticateHeader) h).getAlgorithm()));
        return list;
    }

    private AuthResult answer(DigestAuthenticator auth, Request request, Response challenge, String algorithm)
            throws Exception {
        new DigestClient(headers).answer(request, challenge, "alice", "alice-secret", algorithm, 1, null);
        return auth.authenticate(request, alice, REALM, false).toCompletableFuture().get();
    }

    @Test
    void byDefaultOneMd5ChallengeAndASha256AnswerToItIsChallengedAgain() throws Exception {
        DigestAuthenticator auth = authenticator(List.of(MD5));
        Request request = register("baresip v1.0.0 (x86_64/linux)");
        Response challenge = challenged(auth, request);
        assertThat(algorithms(challenge)).containsExactly("MD5");
        assertThat(answer(auth, request, challenge, "MD5")).isInstanceOf(AuthResult.Authenticated.class);

        // a SHA-256 response to a server that never offered SHA-256 (the UA answered a challenge of another)
        Request other = register("baresip v1.0.0 (x86_64/linux)");
        WWWAuthenticateHeader sha = headers.createWWWAuthenticateHeader("Digest");
        sha.setRealm(REALM);
        sha.setNonce(((WWWAuthenticateHeader) challenged(auth, other).getHeader(WWWAuthenticateHeader.NAME))
                .getNonce());
        sha.setAlgorithm("SHA-256");
        sha.setQop("auth");
        Response forged = messages.createResponse(Response.UNAUTHORIZED, other);
        forged.addHeader(sha);
        assertThat(answer(auth, other, forged, "SHA-256")).isEqualTo(new AuthResult.Challenge(false));
    }

    @Test
    void severalChallengesUntilTheUaHasChosenThenItsChoiceAlone() throws Exception {
        DigestAuthenticator auth = authenticator(List.of(SHA_256, MD5));
        Request first = register("baresip v3.10.1");
        Response both = challenged(auth, first);
        assertThat(algorithms(both)).containsExactly("SHA-256", "MD5");
        assertThat(answer(auth, first, both, "SHA-256")).isEqualTo(new AuthResult.Authenticated(alice, SHA_256));

        Request again = register("baresip v3.10.1");
        Response one = challenged(auth, again);
        assertThat(algorithms(one)).containsExactly("SHA-256");
        assertThat(answer(auth, again, one, "SHA-256")).isInstanceOf(AuthResult.Authenticated.class);
        // the user's other phone has chosen nothing yet
        assertThat(algorithms(challenged(auth, register("Yealink SIP-T46U")))).containsExactly("SHA-256", "MD5");
    }

    @Test
    void theRemainingPathsStillSeeEveryAcceptedAlgorithm() throws Exception {
        DigestAuthenticator auth = authenticator(List.of(SHA_256, MD5));
        Request request = register("Yealink SIP-T46U");
        // a UA that picks MD5 from the two is remembered with MD5, and still accepted with it
        assertThat(answer(auth, request, challenged(auth, request), "MD5"))
                .isEqualTo(new AuthResult.Authenticated(alice, MD5));
        Request next = register("Yealink SIP-T46U");
        assertThat(algorithms(challenged(auth, next))).containsExactly("MD5");
    }
}
