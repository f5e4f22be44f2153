package org.parloir.xmpp.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.core.UserAddress;
import org.parloir.xmpp.net.ConnectionLimiter;
import org.parloir.xmpp.router.ClientSession;
import org.parloir.xmpp.net.XmlFrame;
import org.parloir.xmpp.net.XmlFramer;
import org.parloir.xmpp.net.XmlFramingException;
import org.parloir.xmpp.sasl.SaslMechanism;
import org.parloir.xmpp.sasl.SaslStep;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the RFC 6120 negotiation (stream header, STARTTLS §5, SASL §6, resource binding §7), then
 * the bound stream, whose stanzas go to the router. Runs on the channel's event loop; asynchronous answers
 * (password checks, registration) come back to it before they touch any state.
 */
public final class C2sConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(C2sConnection.class);

    private enum State { NEGOTIATING, AUTHENTICATED, BOUND, CLOSED }

    /** Output queued for a client that does not read, beyond which its stream is closed. */
    private static final long MAX_PENDING_OUTPUT = 4L * 1024 * 1024;

    private final C2sServices services;
    private final boolean directTls;
    private Channel channel;
    private String streamId;
    private String domain;
    private boolean headerSent;
    private boolean encrypted;
    private State state = State.NEGOTIATING;
    private UserAddress user;
    private SaslMechanism sasl;
    private int saslFailures;
    private boolean busy;
    private BoundSession session;
    private boolean closedByClient;
    private long lastRead = System.nanoTime();
    private java.util.concurrent.ScheduledFuture<?> negotiationTimer;
    private int pingCounter;

    public C2sConnection(C2sServices services, boolean directTls) {
        this.services = services;
        this.directTls = directTls;
    }

    // ---- Netty events ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        encrypted = directTls;
        streamId = UUID.randomUUID().toString();
        long timeout = services.props().negotiationTimeout().toMillis();
        negotiationTimer = ctx.executor().schedule(() -> {
            if (state != State.BOUND && state != State.CLOSED && channel.isActive()) {
                // RFC 6120 §4.9.3.4; counted from the TCP accept, whatever trickles in meanwhile
                streamError("connection-timeout", "authenticate and bind within " + timeout / 1000 + " s");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = System.nanoTime();
        if (state == State.CLOSED || !(msg instanceof XmlFrame frame)) {
            return;
        }
        switch (frame) {
            case XmlFrame.StreamOpen open -> streamOpened(open);
            case XmlFrame.Stanza stanza -> element(stanza.element());
            case XmlFrame.StreamClose close -> {
                closedByClient = true;
                close();
            }
            case XmlFrame.KeepAlive keepAlive -> { }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof XmlFramingException e) {
            log.info("stream {} from {}: {} ({})", streamId, remote(), e.condition(), e.getMessage());
            streamError(e.condition(), e.getMessage());
        } else if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            log.debug("stream {}: {}", streamId, cause.toString());
            ctx.close();
        } else {
            log.warn("stream {}: internal error", streamId, cause);
            streamError("internal-server-error", null);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && state == State.BOUND) {
            pingClient(ctx);
        } else if (evt instanceof ConnectionLimiter.Evicted evicted && state == State.NEGOTIATING) {
            log.info("stream {} from {}: closed for a newer connection: {}", streamId, remote(), evicted.reason());
            streamError("policy-violation", evicted.reason());
        } else if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            log.info("stream {} from {}: TLS handshake failed: {}", streamId, remote(), handshake.cause().toString());
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.CLOSED;
        cancelNegotiationTimer();
        // detach() is false when the session was resumed on another connection: then it is not ours to end
        if (session != null && session.detach(this) && !session.isClosed()) {
            String smId = session.streamManagementId();
            boolean resumable = smId != null && services.resumable().get(smId) == session;
            if (resumable && !closedByClient) {
                log.info("stream {}: {} lost its connection, resumable for {}", streamId, session.jid(),
                        services.props().streamManagement().resumptionTimeout());
                BoundSession waiting = session;
                // the overflow callback runs under the session's lock: hand the work to the event loop
                waiting.onOverflowWhileDetached(() -> ctx.executor().execute(() -> expire(waiting)));
                waiting.expiry(ctx.executor().schedule(() -> expire(waiting),
                        services.props().streamManagement().resumptionTimeout().toMillis(), TimeUnit.MILLISECONDS));
            } else {
                finish(session, session.close());
            }
        }
        super.channelInactive(ctx);
    }

    /** A closed or bound connection must not stay reachable from the timer queue until the timeout. */
    private void cancelNegotiationTimer() {
        if (negotiationTimer != null) {
            negotiationTimer.cancel(false);
            negotiationTimer = null;
        }
    }

    private void expire(BoundSession waiting) {
        List<Element> undelivered = waiting.closeIfDetached();
        if (undelivered != null) {
            log.info("{}: stream management resumption window passed", waiting.jid());
            finish(waiting, undelivered);
        }
    }

    /** The session is over for good: forget it, tell the router, re-route what the client never acknowledged. */
    private void finish(BoundSession ended, List<Element> undelivered) {
        String smId = ended.streamManagementId();
        if (smId != null) {
            services.resumable().remove(smId, ended);
        }
        if (services.registry().unbind(ended) || !undelivered.isEmpty()) {
            services.router().unbound(ended, undelivered);
        }
    }

    // ---- stream header (RFC 6120 §4.2, §4.9.3) ----

    private void streamOpened(XmlFrame.StreamOpen open) {
        String to = open.attributes().get("to");
        String lowered = to == null ? null : to.toLowerCase(Locale.ROOT);
        if (domain == null && lowered != null && services.domains().isLocal(lowered)) {
            domain = lowered;
        }
        if (!"stream".equals(open.name()) || !Namespaces.STREAM.equals(open.namespace())) {
            streamError("invalid-namespace", "the root element must be stream in " + Namespaces.STREAM);
            return;
        }
        if (!Namespaces.CLIENT.equals(open.defaultNamespace())) {
            streamError("invalid-namespace", "this port serves jabber:client streams");
            return;
        }
        if (lowered == null || !lowered.equals(domain)) {
            streamError("host-unknown", to == null ? "no 'to' address" : "this server does not serve " + to);
            return;
        }
        String version = open.attributes().get("version");
        if (version == null || !version.startsWith("1.")) {
            streamError("unsupported-version", "XMPP 1.0 streams only");
            return;
        }
        sendHeader(open.attributes().get("from"));
        send(StreamWriter.serialize(features()), false);
    }

    private void sendHeader(String clientFrom) {
        if (!headerSent) {
            headerSent = true;
        }
        String header = StreamWriter.header(streamId, domain, user != null ? null : validJid(clientFrom));
        StreamWriter.write(channel, header);
    }

    private static String validJid(String jid) {
        if (jid == null) {
            return null;
        }
        try {
            return JidCreate.from(jid).toString();
        } catch (XmppStringprepException e) {
            return null;
        }
    }

    private Element features() {
        Element.Builder features = Element.builder("features", Namespaces.STREAM);
        boolean tlsRequired = services.props().tls().required();
        if (state == State.NEGOTIATING) {
            if (!encrypted && services.tls() != null) {
                Element.Builder starttls = Element.builder("starttls", Namespaces.TLS);
                if (tlsRequired) {
                    starttls.child(Element.of("required", Namespaces.TLS));
                }
                features.child(starttls.build());
            }
            if (encrypted || !tlsRequired) {
                Element.Builder mechanisms = Element.builder("mechanisms", Namespaces.SASL);
                services.sasl().offered(domain, encrypted).forEach(m -> mechanisms.textChild("mechanism", m));
                features.child(mechanisms.build());
                if (services.preAuth().advertised(domain)) {
                    features.child(Element.of("register", Namespaces.REGISTER_FEATURE));
                }
            }
        } else {
            features.child(Element.of("bind", Namespaces.BIND))
                    .child(Element.builder("session", Namespaces.SESSION).child(Element.of("optional",
                            Namespaces.SESSION)).build())
                    .child(Element.of("ver", Namespaces.ROSTER_VER))
                    .child(Element.of("sub", Namespaces.PRE_APPROVAL))
                    .child(Element.of("csi", Namespaces.CSI));
            if (services.props().streamManagement().enabled()) {
                features.child(Element.of("sm", Namespaces.SM));
            }
        }
        return features.build();
    }

    // ---- first-level elements ----

    private void element(Element e) {
        if (busy) {
            // a SASL answer or registration is still being computed; RFC 6120 §6.4.2: one step at a time
            streamError("policy-violation", "wait for the server's answer before sending more");
            return;
        }
        switch (state) {
            case NEGOTIATING -> negotiating(e);
            case AUTHENTICATED -> authenticated(e);
            case BOUND -> bound(e);
            case CLOSED -> { }
        }
    }

    private void negotiating(Element e) {
        if (e.is("starttls", Namespaces.TLS)) {
            startTls();
        } else if (e.is("auth", Namespaces.SASL)) {
            auth(e);
        } else if (e.is("response", Namespaces.SASL)) {
            if (sasl == null) {
                saslFailure("malformed-request", "no exchange in progress", null);
            } else {
                saslStep(sasl, e.text());
            }
        } else if (e.is("abort", Namespaces.SASL)) {
            sasl = null;
            saslFailure("aborted", null, null);
        } else if (Stanzas.isIq(e) && e.childIn(Namespaces.REGISTER) != null && (encrypted || !services.props().tls().required())) {
            if ("set".equals(e.attribute("type")) && !services.mayRegister(remoteAddress())) {
                // XEP-0077 §13: account creation is rate-limited per client address
                send(StreamWriter.serialize(Stanzas.error(e, StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT,
                        "too many registrations from your address; try again in a minute"))), false);
                return;
            }
            busy = true;
            CompletionStage<Element> reply = services.preAuth().handle(domain, e);
            reply.whenComplete((r, err) -> onLoop(() -> {
                busy = false;
                send(StreamWriter.serialize(err == null ? r
                        : Stanzas.error(e, StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR))), false);
            }));
        } else {
            streamError("not-authorized", "authenticate first");
        }
    }

    private void startTls() {
        if (encrypted || services.tls() == null) {
            send(StreamWriter.serialize(Element.of("failure", Namespaces.TLS)), false);
            closeNow();
            return;
        }
        // startTls: <proceed/> still leaves in clear, everything after it is encrypted
        SslHandler ssl = new SslHandler(services.tls().newEngine(channel.alloc()), true);
        channel.pipeline().addBefore(channel.pipeline().context(XmlFramer.class).name(), "tls", ssl);
        channel.pipeline().get(XmlFramer.class).restart();
        headerSent = false;
        encrypted = true;
        send(StreamWriter.serialize(Element.of("proceed", Namespaces.TLS)), false);
    }

    private void auth(Element e) {
        if (services.props().tls().required() && !encrypted) {
            saslFailure("encryption-required", "use STARTTLS first", null);
            return;
        }
        String mechanism = e.attribute("mechanism");
        sasl = mechanism == null ? null : services.sasl().create(mechanism, domain, encrypted);
        if (sasl == null) {
            saslFailure("invalid-mechanism", null, null);
            return;
        }
        saslStep(sasl, e.text());
    }

    private void saslStep(SaslMechanism mechanism, String base64) {
        byte[] data;
        try {
            String trimmed = base64.trim();
            data = trimmed.equals("=") || trimmed.isEmpty() ? new byte[0] : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException ex) {
            sasl = null;
            saslFailure("incorrect-encoding", null, null);
            return;
        }
        busy = true;
        mechanism.evaluate(data).whenComplete((step, err) -> onLoop(() -> {
            busy = false;
            if (state == State.CLOSED) {
                return;
            }
            if (err != null) {
                log.warn("stream {}: SASL could not check the credentials: {}", streamId, err.toString());
                sasl = null;
                send(StreamWriter.serialize(saslElement("failure", null, "temporary-auth-failure")), false);
                return;
            }
            switch (step) {
                case SaslStep.Challenge c -> send(StreamWriter.serialize(saslElement("challenge", c.data(), null)), false);
                case SaslStep.Success s -> saslSuccess(s);
                case SaslStep.Failure f -> {
                    sasl = null;
                    saslFailure(f.condition(), f.text(), f.user());
                }
            }
        }));
    }

    private void saslSuccess(SaslStep.Success success) {
        sasl = null;
        user = success.user();
        state = State.AUTHENTICATED;
        ConnectionLimiter.authenticated(channel);
        services.throttle().succeeded(user);
        log.info("stream {} from {}: authenticated {}", streamId, remote(), user);
        // RFC 6120 §6.4.6: the stream restarts; the parser must be fresh before the client's new header arrives
        channel.pipeline().get(XmlFramer.class).restart();
        headerSent = false;
        send(StreamWriter.serialize(saslElement("success", success.additionalData(), null)), false);
    }

    private void saslFailure(String condition, String text, UserAddress account) {
        saslFailures++;
        log.info("stream {} from {}: SASL failure {} for {}", streamId, remote(), condition,
                account == null ? "-" : account);
        java.time.Duration delay = "aborted".equals(condition) ? java.time.Duration.ZERO
                : services.throttle().failed(account, remoteAddress());
        Element failure = Element.builder("failure", Namespaces.SASL).child(Element.of(condition, Namespaces.SASL))
                .child(text == null ? null : Element.builder("text", Namespaces.SASL).text(text).build()).build();
        busy = true;
        channel.eventLoop().schedule(() -> {
            busy = false;
            send(StreamWriter.serialize(failure), false);
            if (saslFailures >= services.props().sasl().retries()) {
                // RFC 6120 §6.4.5: after a reasonable number of retries the connection is closed
                streamError("policy-violation", "too many failed authentication attempts");
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Element saslElement(String name, byte[] data, String condition) {
        Element.Builder b = Element.builder(name, Namespaces.SASL);
        if (data != null) {
            b.text(data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data));
        }
        if (condition != null) {
            b.child(Element.of(condition, Namespaces.SASL));
        }
        return b.build();
    }

    private void authenticated(Element e) {
        Element bind = Stanzas.isIq(e) && "set".equals(e.attribute("type")) ? e.child("bind", Namespaces.BIND) : null;
        if (bind != null) {
            bind(e, bind);
        } else if (e.is("resume", Namespaces.SM)) {
            resume(e);
        } else if (e.is("enable", Namespaces.SM)) {
            send(StreamWriter.serialize(smFailed("unexpected-request")), false);
        } else {
            streamError("not-authorized", "bind a resource first");
        }
    }

    // ---- resource binding (RFC 6120 §7) ----

    private void bind(Element iq, Element bind) {
        String requested = bind.childText("resource", Namespaces.BIND);
        Resourcepart resource;
        try {
            resource = requested == null || requested.isBlank()
                    ? Resourcepart.from(randomResource())
                    : Resourcepart.from(requested.trim());
        } catch (XmppStringprepException ex) {
            send(StreamWriter.serialize(Stanzas.error(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST,
                    "resource is not valid"))), false);
            return;
        }
        EntityFullJid full;
        try {
            full = JidCreate.entityFullFrom(user.local() + "@" + user.domain() + "/" + resource);
        } catch (XmppStringprepException ex) {
            send(StreamWriter.serialize(Stanzas.error(iq, StanzaError.of(StanzaError.Condition.JID_MALFORMED))), false);
            return;
        }
        session = new BoundSession(full, this);
        ClientSession replaced = services.registry().bind(session);
        List<Element> inherited = List.of();
        if (replaced != null) {
            // RFC 6120 §7.7.2.2: the newer session wins, and gets what the old one never had acknowledged
            log.info("stream {}: {} replaces an older session", streamId, full);
            if (replaced instanceof BoundSession old && old.streamManagementId() != null) {
                services.resumable().remove(old.streamManagementId(), old);
            }
            inherited = replaced.replacedByNewSession();
        }
        state = State.BOUND;
        cancelNegotiationTimer();
        log.info("stream {} from {}: bound {}", streamId, remote(), full);
        services.router().bound(session);
        Element result = Element.builder("iq", Namespaces.CLIENT).attribute("type", "result")
                .attribute("id", iq.attribute("id"))
                .child(Element.builder("bind", Namespaces.BIND).textChild("jid", full.toString()).build()).build();
        send(StreamWriter.serialize(result), false);
        inherited.forEach(session::deliver);
    }

    private static String randomResource() {
        return "parloir-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- XEP-0198 ----

    private void resume(Element e) {
        Object found = services.resumable().get(e.attribute("previd") == null ? "" : e.attribute("previd"));
        long h;
        try {
            h = Long.parseLong(e.attribute("h"));
        } catch (RuntimeException ex) {
            send(StreamWriter.serialize(smFailed("bad-request")), false);
            return;
        }
        if (!(found instanceof BoundSession old) || !old.jid().asBareJid().toString().equals(user.toString())) {
            send(StreamWriter.serialize(smFailed("item-not-found")), false);
            return;
        }
        C2sConnection previous = old.resume(this, h);
        if (previous == null) {
            send(StreamWriter.serialize(smFailed("unexpected-request")), false);
            return;
        }
        if (previous != this) {
            // the old TCP connection still looked alive: it is superseded, close it without ending the session
            previous.closeSuperseded();
        }
        session = old;
        state = State.BOUND;
        cancelNegotiationTimer();
        log.info("stream {} from {}: resumed {}", streamId, remote(), old.jid());
    }

    private static Element smFailed(String condition) {
        return Element.builder("failed", Namespaces.SM).child(Element.of(condition, Namespaces.STANZA_ERRORS)).build();
    }

    private void streamManagement(Element e) {
        switch (e.name()) {
            case "enable" -> {
                if (session.streamManagementId() != null || !services.props().streamManagement().enabled()) {
                    send(StreamWriter.serialize(smFailed("unexpected-request")), false);
                    return;
                }
                String id = UUID.randomUUID().toString();
                boolean resume = "true".equals(e.attribute("resume")) || "1".equals(e.attribute("resume"));
                session.enableStreamManagement(id, services.props().streamManagement().maxUnacked());
                Element.Builder enabled = Element.builder("enabled", Namespaces.SM).attribute("id", id);
                if (resume) {
                    services.resumable().put(id, session);
                    enabled.attribute("resume", "true").attribute("max",
                            Long.toString(services.props().streamManagement().resumptionTimeout().toSeconds()));
                }
                send(StreamWriter.serialize(enabled.build()), false);
            }
            // the answer waits until what the counted stanzas stored is durable (issue 9)
            case "r" -> session.handledDurably().thenAccept(h -> onLoop(() -> send(StreamWriter.serialize(
                    Element.builder("a", Namespaces.SM).attribute("h", Long.toString(session.acknowledging(h)))
                            .build()), false)));
            case "a" -> {
                long h;
                try {
                    h = Long.parseLong(e.attribute("h"));
                } catch (RuntimeException ex) {
                    streamError("undefined-condition", "bad h");
                    return;
                }
                if (!session.acknowledged(h)) {
                    // XEP-0198 §4: acknowledging more than was sent
                    streamError("undefined-condition", "h acknowledges stanzas never sent");
                }
            }
            default -> streamError("unsupported-stanza-type", e.name());
        }
    }

    // ---- bound stream ----

    private void bound(Element e) {
        if (e.namespace().equals(Namespaces.SM)) {
            streamManagement(e);
            return;
        }
        if (e.is("active", Namespaces.CSI)) {
            session.active();
            return;
        }
        if (e.is("inactive", Namespaces.CSI)) {
            session.inactive();
            return;
        }
        if (!Namespaces.CLIENT.equals(e.namespace())
                || !(Stanzas.isMessage(e) || Stanzas.isPresence(e) || Stanzas.isIq(e))) {
            streamError("unsupported-stanza-type", e.name());
            return;
        }
        session.inboundHandled();
        if (Stanzas.isIq(e) && "set".equals(e.attribute("type")) && e.child("session", Namespaces.SESSION) != null
                && (e.attribute("to") == null || e.attribute("to").equals(domain))) {
            // RFC 3921 session establishment: a no-op kept for old clients
            // through the session: with XEP-0198 on, the client counts this stanza
            session.deliver(Element.builder("iq", Namespaces.CLIENT).attribute("type", "result")
                    .attribute("id", e.attribute("id")).build());
            return;
        }
        if (Stanzas.isIq(e) && isPingAnswer(e)) {
            return;
        }
        // RFC 6120 §8.1.2.1: the server stamps 'from'; a client may only name itself
        String from = e.attribute("from");
        if (from != null && !from.equals(session.jid().toString())
                && !from.equals(session.jid().asBareJid().toString())) {
            streamError("invalid-from", "'from' must be your own address");
            return;
        }
        session.handling(services.router().fromClient(session, e.withAttribute("from", session.jid().toString())));
    }

    private boolean isPingAnswer(Element iq) {
        String id = iq.attribute("id");
        String type = iq.attribute("type");
        String to = iq.attribute("to");
        return id != null && id.startsWith("parloir-ping-") && ("result".equals(type) || "error".equals(type))
                && (to == null || to.equals(domain));
    }

    private void pingClient(ChannelHandlerContext ctx) {
        long sent = System.nanoTime();
        session.deliver(Element.builder("iq", Namespaces.CLIENT).attribute("type", "get")
                .attribute("id", "parloir-ping-" + (++pingCounter)).attribute("from", domain)
                .attribute("to", session.jid().toString()).child(Element.of("ping", Namespaces.PING)).build());
        ctx.executor().schedule(() -> {
            if (lastRead < sent && state == State.BOUND) {
                streamError("connection-timeout", "no answer to a ping");
            }
        }, services.props().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- output and closing ----

    /** Writes serialised content (any thread); {@code requestAck} adds an XEP-0198 {@code <r/>}. */
    void send(String xml, boolean requestAck) {
        if (channel == null || !channel.isActive()) {
            return;
        }
        if (!channel.isWritable() && channel.bytesBeforeWritable() > MAX_PENDING_OUTPUT) {
            // the client stopped reading: do not buffer for it without end
            streamError("policy-violation", "you are not reading what the server sends");
            return;
        }
        StreamWriter.write(channel, requestAck ? xml + "<r xmlns='" + Namespaces.SM + "'/>" : xml);
    }

    /** Ends the stream with a stream error (RFC 6120 §4.9.1.1); any thread. */
    void streamError(String condition, String text) {
        onLoop(() -> {
            if (state == State.CLOSED && !channel.isActive()) {
                return;
            }
            if (!headerSent) {
                headerSent = true;
                StreamWriter.write(channel, StreamWriter.header(streamId, domain, null));
            }
            if (session != null && !"conflict".equals(condition)) {
                // an error ends the session: no resumption (XEP-0198 §5)
                closedByClient = true;
            }
            state = State.CLOSED;
            StreamWriter.write(channel, StreamWriter.serialize(Stanzas.streamError(condition, text))
                    + "</stream:stream>").addListener(ChannelFutureListener.CLOSE);
        });
    }

    /**
     * Like {@link #streamError}, after {@code delay}: meanwhile nothing the client sends is read and the session
     * cannot be resumed. For a stream error that follows an answer the client must see first, as clients that hand
     * stanzas to another thread (Smack) see a stream error before a stanza that arrived with it.
     */
    void streamErrorAfter(String condition, String text, java.time.Duration delay) {
        onLoop(() -> {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            closedByClient = true;
            channel.eventLoop().schedule(() -> streamError(condition, text), delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        log.info("stream {} from {}: closed by the client", streamId, remote());
        StreamWriter.write(channel, "</stream:stream>").addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes this connection whose session now lives on another one (any thread). */
    void closeSuperseded() {
        onLoop(() -> {
            state = State.CLOSED;
            channel.close();
        });
    }

    private void closeNow() {
        state = State.CLOSED;
        channel.close();
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    private String remote() {
        return channel == null ? "?" : String.valueOf(channel.remoteAddress());
    }

    /** The client's address and port, for administrators. */
    String remoteText() {
        return channel.remoteAddress() instanceof InetSocketAddress isa
                ? isa.getAddress().getHostAddress() + ":" + isa.getPort() : remote();
    }

    boolean encrypted() {
        return encrypted;
    }

    private InetAddress remoteAddress() {
        return channel.remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}
