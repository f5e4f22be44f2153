package org.parloir.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.sip.ClientTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Calls placed by a JAIN-SIP user agent through the server: INVITE with an offer, ACK, BYE, CANCEL. */
public final class Calls {

    public static final String OFFER = """
            v=0\r
            o=caller 2890844526 2890844526 IN IP4 127.0.0.1\r
            s=-\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio 49170 RTP/AVP 0 8\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            """;

    /** One call in progress: its INVITE, transaction and (once answered) 200. */
    public static final class Call {
        public final SipUa ua;
        public final Request invite;
        public final ClientTransaction transaction;
        public Response ok;
        private long cseq;

        Call(SipUa ua, Request invite, ClientTransaction transaction) {
            this.ua = ua;
            this.invite = invite;
            this.transaction = transaction;
            this.cseq = ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber();
        }

        /** Waits for the final response; ACKs a 2xx (the stack ACKs the others). */
        public Response answer(Duration timeout) throws Exception {
            Response r = ua.awaitFinal(transaction, timeout);
            if (r.getStatusCode() < 300) {
                ok = r;
                ua.provider.sendRequest(ua.inDialog(invite, ok, Request.ACK, cseq));
            }
            return r;
        }

        public Response bye() throws Exception {
            return ua.sendAndAwait(ua.inDialog(invite, ok, Request.BYE, ++cseq));
        }

        /** A re-INVITE with {@code sdp} (null: none); ACKs its 2xx. */
        public Response reInvite(String sdp) throws Exception {
            Request r = ua.inDialog(invite, ok, Request.INVITE, ++cseq);
            r.addHeader(ua.headers.createContactHeader(ua.addresses.createAddress(ua.addresses.createURI(
                    ua.contact()))));
            if (sdp != null) {
                r.setContent(sdp.getBytes(StandardCharsets.UTF_8), ua.headers.createContentTypeHeader("application",
                        "sdp"));
            }
            Response answer = ua.sendAndAwait(r);
            if (answer.getStatusCode() < 300) {
                ua.provider.sendRequest(ua.inDialog(invite, answer, Request.ACK, cseq));
            }
            return answer;
        }

        /** An UPDATE (RFC 3311) with {@code sdp}. */
        public Response update(String sdp) throws Exception {
            Request r = ua.inDialog(invite, ok, Request.UPDATE, ++cseq);
            r.addHeader(ua.headers.createContactHeader(ua.addresses.createAddress(ua.addresses.createURI(
                    ua.contact()))));
            r.setContent(sdp.getBytes(StandardCharsets.UTF_8), ua.headers.createContentTypeHeader("application",
                    "sdp"));
            return ua.sendAndAwait(r);
        }

        /** Sends a CANCEL of the INVITE; its own transaction, for the 200 to it. */
        public ClientTransaction cancel() throws Exception {
            ClientTransaction cancel = ua.provider.getNewClientTransaction(transaction.createCancel());
            cancel.sendRequest();
            return cancel;
        }
    }

    private Calls() {
    }

    /** INVITE {@code target} from {@code from} (local@domain), sent to the server at {@code server} (host:port). */
    public static Call invite(SipUa ua, String target, String from, String server) throws Exception {
        return invite(ua, target, from, server, r -> { });
    }

    /** Headers of the test's own on the INVITE (Session-Expires, Supported ...). */
    public interface Extra {
        void add(Request invite) throws Exception;
    }

    public static Call invite(SipUa ua, String target, String from, String server, Extra extra) throws Exception {
        Request invite = ua.request(Request.INVITE, target, from, target, server);
        invite.setContent(OFFER.getBytes(StandardCharsets.UTF_8),
                ua.headers.createContentTypeHeader("application", "sdp"));
        extra.add(invite);
        return new Call(ua, invite, ua.send(invite));
    }

    /** Like {@link #invite}, answering the 407 with {@code user}'s password. */
    public static Call authenticatedInvite(SipUa ua, String target, String user, String password, String server)
            throws Exception {
        Call first = invite(ua, target, user, server);
        Response challenge = ua.awaitFinal(first.transaction, Duration.ofSeconds(10));
        if (challenge.getStatusCode() != 407) {
            throw new AssertionError("expected 407, got " + challenge.getStatusCode());
        }
        Request again = ua.next(first.invite);
        ua.digest.answer(again, challenge, user.substring(0, user.indexOf('@')), password, "MD5", 1, null);
        return new Call(ua, again, ua.send(again));
    }
}
