package org.parloir.sip.trunk;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.parloir.pstn.spi.TrunkCredentials;
import org.parloir.pstn.spi.TrunkSignalling;
import org.parloir.sip.ClientTransactionCallback;
import org.parloir.sip.stack.LocalEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPTIONS pings and REGISTERs towards gateways, as client transactions of the server's provider whose callbacks
 * the dispatcher calls. Each REGISTER binding keeps its Call-ID and counts its CSeq up (RFC 3261 §10.2.4).
 */
final class SipTrunkSignalling implements TrunkSignalling {

    private static final Logger log = LoggerFactory.getLogger(SipTrunkSignalling.class);
    static final int MAX_FORWARDS = 70; // RFC 3261 §8.1.1.6

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final LocalEndpoint local;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    /**
     * One registration's lasting state: the same Call-ID and From tag, an increasing CSeq, and the registrar's
     * Min-Expires once it sent one (§10.2.8), so that refreshes do not meet the same 423 again.
     */
    private record Registration(String callId, String fromTag, AtomicLong cseq, AtomicInteger minExpires) {
    }

    SipTrunkSignalling(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                       AddressFactory addresses, LocalEndpoint local) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.local = local;
    }

    @Override
    public CompletionStage<Integer> options(String host, int port, String transport) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        try {
            SipURI target = uri(null, host, port, transport);
            Address from = addresses.createAddress(addresses.createSipURI(null, local.host()));
            Request options = request(Request.OPTIONS, target, from, addresses.createAddress(target),
                    provider.getNewCallId().getCallId(), tag(), 1, transport);
            options.addHeader(headers.createAcceptHeader("application", "sdp"));
            send(options, new ClientTransactionCallback() {
                @Override
                public void onResponse(ResponseEvent event) {
                    int status = event.getResponse().getStatusCode();
                    if (status >= 200) {
                        result.complete(status);
                    }
                }

                @Override
                public void onTimeout(TimeoutEvent event) {
                    result.complete(Response.REQUEST_TIMEOUT);
                }
            });
        } catch (SipException e) {
            log.debug("OPTIONS to {}:{};transport={} not sent: {}", host, port, transport, e.getMessage());
            result.complete(Response.REQUEST_TIMEOUT); // a transport error: no answer
        } catch (ParseException | InvalidArgumentException | IllegalArgumentException e) {
            result.completeExceptionally(new IllegalStateException("OPTIONS to " + host + ":" + port + ";transport="
                    + transport + " cannot be sent: " + e.getMessage(), e));
        }
        return result;
    }

    @Override
    public CompletionStage<Duration> register(String host, int port, String transport, TrunkCredentials credentials,
                                              Duration expires) {
        String domain = credentials.domain() == null ? host : credentials.domain();
        String key = transport + ":" + host + ":" + port + ":" + credentials.username() + "@" + domain;
        Registration registration = registrations.computeIfAbsent(key,
                k -> new Registration(provider.getNewCallId().getCallId(), tag(), new AtomicLong(),
                        new AtomicInteger()));
        int seconds = expires.isZero() ? 0 : Math.max((int) expires.toSeconds(), registration.minExpires().get());
        CompletableFuture<Duration> result = new CompletableFuture<>();
        new Registering(host, port, transport, domain, credentials, registration, result)
                .send(seconds, null, false);
        return result;
    }

    private Request request(String method, SipURI requestUri, Address from, Address to, String callId,
                            String fromTag, long cseq, String transport)
            throws ParseException, InvalidArgumentException {
        ViaHeader via = headers.createViaHeader(local.host(), local.port(transport), transport,
                "z9hG4bK-pt" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        via.setRPort(); // RFC 3581: answer us where we sent from
        return messages.createRequest(requestUri, method, headers.createCallIdHeader(callId),
                headers.createCSeqHeader(cseq, method), headers.createFromHeader(from, fromTag),
                headers.createToHeader(to, null), List.of(via), headers.createMaxForwardsHeader(MAX_FORWARDS));
    }

    /** {@code sip:[user@]host:port[;transport=tcp|tls]}. */
    private SipURI uri(String user, String host, int port, String transport) throws ParseException {
        SipURI uri = addresses.createSipURI(user, host);
        uri.setPort(port);
        if (!"udp".equals(transport)) {
            uri.setTransportParam(transport);
        }
        return uri;
    }

    private void send(Request request, ClientTransactionCallback callback) throws SipException {
        ClientTransaction tx = provider.getNewClientTransaction(request);
        tx.setApplicationData(callback);
        tx.sendRequest();
    }

    private static String tag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | (1L << 62));
    }

    /** One REGISTER exchange: the request, at most one answered challenge, at most one 423 retry. */
    private final class Registering implements ClientTransactionCallback {
        private final String host;
        private final int port;
        private final String transport;
        private final String domain;
        private final TrunkCredentials credentials;
        private final Registration registration;
        private final CompletableFuture<Duration> result;
        private int expires;
        private boolean answered;
        private boolean retriedInterval;
        private Request sent;

        Registering(String host, int port, String transport, String domain, TrunkCredentials credentials,
                    Registration registration, CompletableFuture<Duration> result) {
            this.host = host;
            this.port = port;
            this.transport = transport;
            this.domain = domain;
            this.credentials = credentials;
            this.registration = registration;
            this.result = result;
        }

        synchronized void send(int seconds, Header authorization, boolean afterChallenge) {
            expires = seconds;
            answered = afterChallenge;
            try {
                sent = build(authorization);
                SipTrunkSignalling.this.send(sent, this);
            } catch (SipException e) {
                fail("not sent: " + e.getMessage());
            } catch (ParseException | InvalidArgumentException | IllegalArgumentException e) {
                fail("cannot be sent: " + e.getMessage());
            }
        }

        private Request build(Header authorization) throws ParseException, InvalidArgumentException {
            SipURI aor = addresses.createSipURI(credentials.username(), domain);
            SipURI requestUri = addresses.createSipURI(null, domain);
            SipURI next = uri(null, host, port, transport);
            boolean viaRoute = !domain.equals(host);
            Request r = request(Request.REGISTER, viaRoute ? requestUri : next, addresses.createAddress(aor),
                    addresses.createAddress(aor), registration.callId(), registration.fromTag(),
                    registration.cseq().incrementAndGet(), transport);
            if (viaRoute) {
                // RFC 3261 §8.1.2: the registrar's domain in the Request-URI, the configured address as the
                // pre-loaded route that the request is sent to
                next.setLrParam();
                r.addHeader(headers.createRouteHeader(addresses.createAddress(next)));
            }
            SipURI contact = uri(credentials.username(), local.host(), local.port(transport), transport);
            r.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
            r.addHeader(headers.createExpiresHeader(expires));
            if (authorization != null) {
                r.addHeader(authorization);
            }
            return r;
        }

        @Override
        public synchronized void onResponse(ResponseEvent event) {
            Response response = event.getResponse();
            int status = response.getStatusCode();
            if (status < 200) {
                return;
            }
            if (status < 300) {
                result.complete(Duration.ofSeconds(granted(response)));
            } else if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
                boolean stale = DigestAnswer.challenges(response).stream().anyMatch(DigestAnswer.Challenge::stale);
                if (answered && !stale) {
                    fail(status + " " + response.getReasonPhrase() + ": credentials refused");
                    return;
                }
                DigestAnswer.header(response, sent, credentials.username(), credentials.password(), headers)
                        .ifPresentOrElse(h -> send(expires, h, true),
                                () -> fail(status + " without a digest challenge we support (MD5, SHA-256)"));
            } else if (status == Response.INTERVAL_TOO_BRIEF && !retriedInterval
                    && response.getHeader(MinExpiresHeader.NAME) instanceof MinExpiresHeader min) {
                retriedInterval = true; // RFC 3261 §10.2.8: ask again with at least Min-Expires
                registration.minExpires().set(min.getExpires());
                send(min.getExpires(), null, false);
            } else {
                fail(status + " " + response.getReasonPhrase());
            }
        }

        /** The expiry of our Contact in the 200 (§10.2.4), else its Expires, else what we asked for. */
        private int granted(Response response) {
            ListIterator<?> contacts = response.getHeaders(ContactHeader.NAME);
            while (contacts.hasNext()) {
                ContactHeader c = (ContactHeader) contacts.next();
                if (c.getAddress().getURI() instanceof SipURI u && local.host().equalsIgnoreCase(u.getHost())
                        && u.getPort() == local.port(transport) && c.getExpires() >= 0) {
                    return c.getExpires();
                }
            }
            if (expires > 0 && response.getHeader(ExpiresHeader.NAME) instanceof ExpiresHeader e
                    && e.getExpires() > 0) {
                return e.getExpires();
            }
            return expires;
        }

        @Override
        public synchronized void onTimeout(TimeoutEvent event) {
            fail("no answer");
        }

        private void fail(String why) {
            result.completeExceptionally(new IllegalStateException("REGISTER " + credentials.username() + "@"
                    + domain + " at " + host + ":" + port + ";transport=" + transport + ": " + why));
        }
    }
}
