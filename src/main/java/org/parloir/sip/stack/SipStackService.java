package org.parloir.sip.stack;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TooManyListenersException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import org.parloir.core.Listener;
import org.parloir.sip.SipProperties;
import org.parloir.tls.api.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the JAIN-SIP RI stack: its properties (tuned for a proxy/registrar, see shared/LIBRARIES.md), the
 * listening points (UDP and TCP on {@code parloir.sip.port}, TLS on {@code tls-port} with the shared certificate) and
 * the one {@link SipProvider}. The only place that knows the stack is the NIST implementation.
 */
public final class SipStackService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SipStackService.class);

    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messageFactory;
    private final HeaderFactory headerFactory;
    private final AddressFactory addressFactory;
    private final LocalEndpoint local;
    private final String bindAddress;
    private final String stackName;

    public SipStackService(SipProperties props, String stackName, Set<String> servedDomains, TlsMaterial tls) {
        bindAddress = props.bindAddress();
        this.stackName = stackName;
        SharedTlsNetworkLayer.register(stackName, tls);
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        try {
            stack = factory.createSipStack(stackProperties(props, stackName, tls));
            messageFactory = factory.createMessageFactory();
            headerFactory = factory.createHeaderFactory();
            addressFactory = factory.createAddressFactory();
            Map<String, Integer> ports = new LinkedHashMap<>();
            SipProvider p = null;
            for (String transport : transports(props)) {
                int port = "tls".equals(transport) ? props.tlsPort() : props.port();
                ListeningPoint lp = stack.createListeningPoint(props.bindAddress(), port, transport);
                ports.put(transport, lp.getPort());
                if (p == null) {
                    p = stack.createSipProvider(lp);
                } else {
                    p.addListeningPoint(lp);
                }
            }
            provider = p;
            String host = advertisedHost(props);
            Set<String> names = new HashSet<>();
            names.add(host.toLowerCase(Locale.ROOT));
            names.add(props.bindAddress());
            if (isWildcard(props.bindAddress())) {
                names.addAll(localAddresses());
            }
            servedDomains.forEach(d -> names.add(d.toLowerCase(Locale.ROOT)));
            local = new LocalEndpoint(host, Collections.unmodifiableMap(ports), Set.copyOf(names));
            log.info("SIP listening on {} {} (advertised as {})", props.bindAddress(), ports, host);
        } catch (Exception e) {
            SharedTlsNetworkLayer.unregister(stackName);
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("SIP stack failed to start on " + props.bindAddress() + " port "
                    + props.port() + " (parloir.sip.*): " + e.getMessage()
                    + (root != e ? " — cause: " + root : ""), e);
        }
    }

    private static List<String> transports(SipProperties props) {
        List<String> list = props.transports().stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
        for (String t : list) {
            if (!Set.of("udp", "tcp", "tls").contains(t)) {
                throw new IllegalArgumentException("parloir.sip.transports: unknown transport '" + t + "'");
            }
        }
        return list;
    }

    static Properties stackProperties(SipProperties props, String stackName, TlsMaterial tls) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY",
                ParloirMessageProcessorFactory.class.getName());
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // the default timer is one java.util.Timer: every transaction's timers go through its binary heap
        // under one lock (a visible share of CPU under load); this one is a ScheduledThreadPoolExecutor
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME",
                "gov.nist.javax.sip.stack.timers.ScheduledExecutorSipTimer");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(props.threadPoolSize()));
        p.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE",
                Integer.toString(props.threadPoolSize()));
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(props.udpReceiveBuffer()));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(props.udpReceiveBuffer()));
        // a size limit per message: the stack's own on TCP/TLS, MessageSizeValve on UDP
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(props.maxMessageSize()));
        // FirstMessageValve first: an oversize message still ends its connection's setup deadline
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE",
                FirstMessageValve.class.getName() + "," + MessageSizeValve.class.getName());
        p.setProperty(ParloirMessageProcessorFactory.SETUP_TIMEOUT,
                Long.toString(props.connectionSetupTimeout().toMillis()));
        p.setProperty(ParloirMessageProcessorFactory.MAX_INCOMPLETE,
                Integer.toString(props.maxIncompleteConnections()));
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(props.maxServerTransactions()));
        // overload: a datagram that waited longer than this for a worker is dropped (the sender has retransmitted
        // by then); without it the queue between the UDP reader and the workers grows until the heap is gone
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", Long.toString(props.queueTimeout().toMillis()));
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", Integer.toString(props.maxServerTransactions()));
        p.setProperty("gov.nist.javax.sip.MAX_TX_LIFETIME_INVITE", "200");
        p.setProperty("gov.nist.javax.sip.MAX_TX_LIFETIME_NON_INVITE", "40");
        p.setProperty("gov.nist.javax.sip.EARLY_DIALOG_TIMEOUT_SECONDS", "200");
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "false");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        p.setProperty("gov.nist.javax.sip.NIO_MAX_SOCKET_IDLE_TIME", "300000");
        // a proxy must see every ACK for 2xx (end-to-end) and pass it on
        p.setProperty("gov.nist.javax.sip.PASS_INVITE_NON_2XX_ACK_TO_LISTENER", "false");
        // responses that match no client transaction (2xx retransmissions) are forwarded statelessly
        p.setProperty("gov.nist.javax.sip.REJECT_STRAY_RESPONSES", "false");
        if (transports(props).contains("tls")) {
            // TLS sockets come from the shared TLS material (SharedTlsNetworkLayer)
            p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", SharedTlsNetworkLayer.class.getName());
            // no client certificates asked of phones; outgoing connections (gateways) check the peer's chain
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", tls.protocols()));
            // the RI's default suites are RSA key exchange and anonymous DH, which current JDKs disable
            p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(" ", tls.cipherSuites()));
        }
        return p;
    }

    private static boolean isWildcard(String address) {
        return "0.0.0.0".equals(address) || "::".equals(address) || "[::]".equals(address);
    }

    private static String advertisedHost(SipProperties props) throws SocketException {
        if (props.advertisedAddress() != null && !props.advertisedAddress().isBlank()) {
            return props.advertisedAddress();
        }
        if (!isWildcard(props.bindAddress())) {
            return props.bindAddress();
        }
        // first site-local or global IPv4 address of an interface that is up; loopback as a last resort
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    private static Set<String> localAddresses() throws SocketException {
        Set<String> out = new HashSet<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                out.add(a.getHostAddress().replaceAll("%.*$", "").toLowerCase(Locale.ROOT));
            }
        }
        out.add("127.0.0.1");
        out.add("localhost");
        return out;
    }

    /** Starts delivering events to {@code listener}. */
    public void start(SipListener listener) {
        try {
            provider.addSipListener(listener);
            stack.start();
        } catch (TooManyListenersException | javax.sip.SipException e) {
            throw new IllegalStateException("SIP stack failed to start: " + e.getMessage(), e);
        }
    }

    public SipProvider provider() {
        return provider;
    }

    public MessageFactory messageFactory() {
        return messageFactory;
    }

    public HeaderFactory headerFactory() {
        return headerFactory;
    }

    public AddressFactory addressFactory() {
        return addressFactory;
    }

    public LocalEndpoint local() {
        return local;
    }

    /**
     * An address at which this server reaches its own listening points: the bind address, or loopback when bound
     * to every interface (the advertised address may be a public one that does not hairpin, as behind NAT).
     */
    public String ownAddress() {
        if (!isWildcard(bindAddress)) {
            return bindAddress;
        }
        return "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : "[::1]";
    }

    /** The listening points as bound, for the banner; the address as configured (the RI shows 0.0.0.0 as v6). */
    public List<Listener> listeners() {
        List<Listener> list = new ArrayList<>();
        for (ListeningPoint lp : provider.getListeningPoints()) {
            list.add(new Listener("SIP", lp.getTransport().toLowerCase(Locale.ROOT), bindAddress, lp.getPort(), ""));
        }
        return list;
    }

    public boolean running() {
        return provider.getListeningPoints().length > 0;
    }

    /** Server transactions the stack holds now (bounded by {@code parloir.sip.max-server-transactions}). */
    public int serverTransactions() {
        return ((gov.nist.javax.sip.stack.SIPTransactionStack) stack).getServerTransactionTableSize();
    }

    /** Client transactions the stack holds now. */
    public int clientTransactions() {
        return ((gov.nist.javax.sip.stack.SIPTransactionStack) stack).getClientTransactionTableSize();
    }

    /** Accepted TCP/TLS connections that have not delivered a complete message yet, all listeners together. */
    public int incompleteConnections() {
        return guarded().mapToInt(IncompleteConnections::size).sum();
    }

    /** Such connections closed so far, at their deadline ({@code cap} false) or to stay within the cap. */
    public long closedIncompleteConnections(boolean cap) {
        IncompleteConnections.Reason reason = cap ? IncompleteConnections.Reason.CAP
                : IncompleteConnections.Reason.DEADLINE;
        return guarded().mapToLong(i -> i.closed(reason)).sum();
    }

    private java.util.stream.Stream<IncompleteConnections> guarded() {
        return java.util.Arrays.stream(provider.getListeningPoints())
                .map(lp -> ((gov.nist.javax.sip.ListeningPointImpl) lp).getMessageProcessor())
                .filter(SetupGuarded.class::isInstance).map(mp -> ((SetupGuarded) mp).incomplete());
    }

    @Override
    public void close() {
        for (ListeningPoint lp : provider.getListeningPoints()) {
            try {
                provider.removeListeningPoint(lp);
                stack.deleteListeningPoint(lp);
            } catch (ObjectInUseException e) {
                log.debug("listening point still in use at shutdown", e);
            }
        }
        try {
            stack.deleteSipProvider(provider);
        } catch (ObjectInUseException e) {
            log.debug("provider still in use at shutdown", e);
        }
        stack.stop();
        SharedTlsNetworkLayer.unregister(stackName);
        log.info("SIP stack stopped");
    }
}
