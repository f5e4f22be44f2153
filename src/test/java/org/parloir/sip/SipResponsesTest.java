package org.parloir.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.parloir.sip.api.Refusal;

/**
 * Every {@link Refusal} case through {@link SipResponses}: status, reason phrase, and the headers RFC 3261 (and RFC
 * 4028 for 422) require of that status; the To tag rules of RFC 3261 §8.2.6.2; relayed responses.
 */
class SipResponsesTest {

    private static final SipFactory SIP = SipFactory.getInstance();
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final SipResponses responses;

    SipResponsesTest() throws Exception {
        SIP.setPathName("gov.nist");
        messages = SIP.createMessageFactory();
        headers = SIP.createHeaderFactory();
        addresses = SIP.createAddressFactory();
        responses = new SipResponses(messages, headers);
    }

    /** One row per case: the refusal, its status, its phrase, and the headers (name: values) it must carry. */
    static Stream<Arguments> everyCase() {
        return Stream.of(
                row(Refusal.NOT_FOUND, 404, "Not Found", Map.of()),
                row(new Refusal.TemporarilyUnavailable("No Answer"), 480, "No Answer", Map.of()),
                row(Refusal.BUSY, 486, "Busy Here", Map.of()),
                row(Refusal.DECLINED, 603, "Decline", Map.of()),
                row(Refusal.RELAYING_DENIED, 403, "Relaying denied", Map.of()),
                // §22.1/§22.3: the challenge headers are the authenticator's; the status says which kind
                row(new Refusal.Challenge(false, false), 401, "Unauthorized", Map.of()),
                row(new Refusal.Challenge(true, true), 407, "Proxy Authentication Required", Map.of()),
                // §21.4.26, §20.43: 305 Incompatible media format
                row(new Refusal.UnsupportedMedia("no common codec"), 488, "Not Acceptable Here",
                        Map.of("Warning", List.of("305 parloir \"no common codec\""))),
                row(Refusal.LOOP_DETECTED, 482, "Loop Detected", Map.of()),
                row(Refusal.TOO_MANY_HOPS, 483, "Too Many Hops", Map.of()),
                // §21.5.4, §20.33
                row(Refusal.DIRECTORY_UNAVAILABLE, 503, "Directory unavailable", Map.of("Retry-After", List.of("5"))),
                row(new Refusal.ServiceUnavailable("No reachable contact", 0), 503, "No reachable contact",
                        Map.of("Retry-After", List.of())),
                row(new Refusal.ServerError("Binding not stored", 5), 500, "Binding not stored",
                        Map.of("Retry-After", List.of("5"))),
                row(Refusal.REQUEST_TIMEOUT, 408, "Request Timeout", Map.of()),
                row(Refusal.REQUEST_TERMINATED, 487, "Request Terminated", Map.of()),
                row(Refusal.REQUEST_PENDING, 491, "Request Pending", Map.of()),
                row(Refusal.NO_SUCH_CALL, 481, "Call/Transaction Does Not Exist", Map.of()),
                row(Refusal.ADDRESS_INCOMPLETE, 484, "Address Incomplete", Map.of()),
                row(Refusal.UNSUPPORTED_URI_SCHEME, 416, "Unsupported URI Scheme", Map.of()),
                // §8.2.1: a 405 MUST carry Allow
                row(new Refusal.MethodNotAllowed(List.of("REGISTER", "OPTIONS")), 405, "Method Not Allowed",
                        Map.of("Allow", List.of("REGISTER", "OPTIONS"))),
                row(new Refusal.BadRequest("Contact * needs Expires: 0"), 400, "Contact * needs Expires: 0",
                        Map.of()),
                // §8.2.2.3: every unsupported tag listed
                row(new Refusal.BadExtension(List.of("foo", "bar")), 420, "Bad Extension",
                        Map.of("Unsupported", List.of("foo", "bar"))),
                row(new Refusal.ExtensionRequired(List.of("100rel")), 421, "Extension Required",
                        Map.of("Require", List.of("100rel"))),
                // §10.3 step 7
                row(new Refusal.IntervalTooBrief(600), 423, "Interval Too Brief",
                        Map.of("Min-Expires", List.of("600"))),
                // RFC 4028 §6
                row(new Refusal.SessionIntervalTooSmall(90), 422, "Session Interval Too Small",
                        Map.of("Min-SE", List.of("90"))),
                row(Refusal.relay(486), 486, "Busy Here", Map.of()));
    }

    private static Arguments row(Refusal refusal, int status, String phrase, Map<String, List<String>> headers) {
        return Arguments.of(refusal, status, phrase, headers);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("everyCase")
    void aRefusalBecomesItsStatusPhraseAndHeaders(Refusal refusal, int status, String phrase,
                                                  Map<String, List<String>> expected) throws Exception {
        Response response = responses.refusal(invite(null), refusal);
        assertThat(response.getStatusCode()).isEqualTo(status).isEqualTo(refusal.status());
        assertThat(response.getReasonPhrase()).isEqualTo(phrase);
        for (Map.Entry<String, List<String>> header : expected.entrySet()) {
            assertThat(values(response, header.getKey())).as(header.getKey()).isEqualTo(header.getValue());
        }
        // §8.2.6.2: a tag of ours on every final response to a request without one
        String tag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
        assertThat(tag).isNotNull();
        assertThat(responses.isOurTag(tag)).isTrue();
    }

    @Test
    void theTableCoversEveryCase() {
        Set<Class<?>> tested = everyCase().map(a -> a.get()[0].getClass()).collect(Collectors.toSet());
        assertThat(tested).containsExactlyInAnyOrderElementsOf(Arrays.asList(Refusal.class.getPermittedSubclasses()));
    }

    @Test
    void aToTagOfTheRequestIsKeptAndAGivenOneIsUsed() throws Exception {
        Response inDialog = responses.refusal(invite("theirs"), Refusal.NO_SUCH_CALL);
        assertThat(((ToHeader) inDialog.getHeader(ToHeader.NAME)).getTag()).isEqualTo("theirs");
        Response given = responses.refusal(invite(null), Refusal.REQUEST_TERMINATED, "pb1234");
        assertThat(((ToHeader) given.getHeader(ToHeader.NAME)).getTag()).isEqualTo("pb1234");
        assertThat(((ToHeader) responses.ok(invite(null), "pb1234").getHeader(ToHeader.NAME)).getTag())
                .isEqualTo("pb1234");
        assertThat(((ToHeader) responses.ok(invite("theirs"), "pb1234").getHeader(ToHeader.NAME)).getTag())
                .isEqualTo("theirs");
    }

    @Test
    void aTryingHasNoToTagAndAnOkHasOne() throws Exception {
        Response trying = responses.trying(invite(null));
        assertThat(trying.getStatusCode()).isEqualTo(100);
        assertThat(((ToHeader) trying.getHeader(ToHeader.NAME)).getTag()).isNull();
        Response ok = responses.ok(invite(null));
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(responses.isOurTag(((ToHeader) ok.getHeader(ToHeader.NAME)).getTag())).isTrue();
    }

    @Test
    void aRelayedFailureKeepsTheHeaderItsStatusRequiresAndNothingElse() throws Exception {
        Response far = messages.createResponse(405, invite("far"));
        far.addHeader(headers.createAllowHeader("INVITE"));
        far.addHeader(headers.createAllowHeader("BYE"));
        far.addHeader(headers.createHeader("Server", "far-side/1.0"));
        Response relayed = responses.relayed(invite("near"), far, null);
        assertThat(relayed.getStatusCode()).isEqualTo(405);
        assertThat(values(relayed, "Allow")).containsExactly("INVITE", "BYE");
        assertThat(relayed.getHeader("Server")).isNull();
        assertThat(((ToHeader) relayed.getHeader(ToHeader.NAME)).getTag()).isEqualTo("near");

        Response ok = messages.createResponse(200, invite("far"));
        ok.addHeader(headers.createRequireHeader("timer"));
        assertThat(responses.relayed(invite("near"), ok, null).getHeader("Require")).isNull();

        Response ringing = messages.createResponse(180, invite(null));
        Response toCaller = responses.relayed(invite(null), ringing, "pb1");
        assertThat(toCaller.getStatusCode()).isEqualTo(180);
        assertThat(((ToHeader) toCaller.getHeader(ToHeader.NAME)).getTag()).isEqualTo("pb1");
    }

    @Test
    void aFarFailureAboutOurOwnLegIsOurFailure() {
        // 405/420/421/422/423 describe the B2BUA's request to the gateway, not the caller's
        for (int status : new int[] {405, 420, 421, 422, 423}) {
            assertThat(Refusal.relay(status)).as("%d", status).isEqualTo(Refusal.SERVER_ERROR);
        }
        assertThat(Refusal.relay(603)).isEqualTo(new Refusal.Relayed(603));
        assertThatThrownBy(() -> new Refusal.Relayed(200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Refusal.Relayed(405)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Refusal.MethodNotAllowed(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Refusal.BadExtension(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private Request invite(String toTag) throws Exception {
        var to = addresses.createAddress("sip:bob@example.org");
        var from = addresses.createAddress("sip:alice@example.org");
        return messages.createRequest(addresses.createURI("sip:bob@example.org"), Request.INVITE,
                headers.createCallIdHeader("c1@test"), headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(from, "a1"), headers.createToHeader(to, toTag),
                new ArrayList<>(List.of(headers.createViaHeader("127.0.0.1", 5070, "udp", "z9hG4bK-t1"))),
                headers.createMaxForwardsHeader(70));
    }

    /** The values of every header {@code name}, one per list element (comma lists split). */
    private static List<String> values(Response response, String name) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(name);
        while (it.hasNext()) {
            String h = it.next().toString().trim();
            String value = h.substring(h.indexOf(':') + 1).trim();
            for (String v : value.split("\\s*,\\s*")) {
                out.add(v);
            }
        }
        return out;
    }
}
