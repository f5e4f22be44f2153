package org.parloir.sip.proxy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.SipCredentials;
import org.parloir.sip.SipProperties;
import org.parloir.sip.auth.AuthResult;
import org.parloir.sip.auth.DigestAlgorithm;
import org.parloir.sip.auth.DigestAuthenticator;
import org.parloir.sip.auth.NonceService;
import org.parloir.sip.registrar.Binding;
import org.parloir.sip.routing.RoutePlanner;
import org.parloir.sip.stack.LocalEndpoint;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The per-request work of the server outside the JAIN-SIP transport: parsing a request, verifying a digest
 * response (stored HA1, qop=auth), and building one forwarded branch (clone, Request-URI, Max-Forwards,
 * Record-Route, Via) encoded as it goes on the wire. The location lookup is in LocationBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SipHotPathBenchmark {

    private static final String REGISTER = String.join("\r\n",
            "REGISTER sip:example.org SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-1-1-5;rport",
            "Max-Forwards: 70",
            "From: <sip:u00001@example.org>;tag=1SIPpTag001",
            "To: <sip:u00001@example.org>",
            "Call-ID: 1-1@127.0.0.1",
            "CSeq: 2 REGISTER",
            "Contact: <sip:u00001@127.0.0.1:5070;transport=UDP>",
            "Expires: 3600",
            "Authorization: Digest username=\"u00001\",realm=\"example.org\",uri=\"sip:127.0.0.1:5060\","
                    + "nonce=\"NONCE\",response=\"RESPONSE\",algorithm=MD5,cnonce=\"6b8b4567\",qop=auth,"
                    + "nc=00000001",
            "User-Agent: sipp-anchor",
            "Content-Length: 0", "", "");

    private static final String INVITE = String.join("\r\n",
            "INVITE sip:u00002@example.org SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-2-1-7;rport=5061;received=127.0.0.1",
            "Max-Forwards: 70",
            "From: <sip:u00001@example.org>;tag=2SIPpTag091",
            "To: <sip:u00002@example.org>",
            "Call-ID: 1-2@127.0.0.1",
            "CSeq: 2 INVITE",
            "Contact: <sip:u00001@127.0.0.1:5061;transport=UDP>",
            "Content-Type: application/sdp",
            "Content-Length: 129", "",
            "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");

    private MessageFactory messages;
    private DigestAuthenticator authenticator;
    private Request authorizedRegister;
    private Request invite;
    private ProxyCore proxy;
    private Binding target;
    private String registerText;

    @Setup
    public void setUp() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        HeaderFactory headers = factory.createHeaderFactory();
        AddressFactory addresses = factory.createAddressFactory();

        NonceService nonces = new NonceService(java.time.Duration.ofSeconds(300), 1 << 16,
                java.time.Clock.systemUTC());
        String nonce = nonces.issue();
        String ha1 = DigestAlgorithm.MD5.hash("u00001:example.org:pw00001");
        String ha2 = DigestAlgorithm.MD5.hash("REGISTER:sip:127.0.0.1:5060");
        String response = DigestAlgorithm.MD5.hash(ha1 + ":" + nonce + ":00000001:6b8b4567:auth:" + ha2);
        registerText = REGISTER.replace("NONCE", nonce).replace("RESPONSE", response);
        authorizedRegister = messages.createRequest(registerText);
        UserAddress user = new UserAddress("u00001", "example.org");
        SipCredentials creds = new SipCredentials(user, "u00001", null, ha1, null);
        authenticator = new DigestAuthenticator(nonces, a -> CompletableFuture.completedFuture(Optional.of(creds)),
                headers, new org.parloir.sip.auth.ChallengePolicy(List.of(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256),
                        Map.of(), new org.parloir.sip.auth.KnownAgents(1000, java.time.Duration.ofHours(1))));
        // the first verification consumes nc=1; later ones do the same work and end as a detected replay
        authenticator.authenticate(authorizedRegister, user, "example.org", false).toCompletableFuture().join();

        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("parloir.domains[0].name",
                "example.org", "parloir.domains[0].ldap-base", "ou=people,dc=example,dc=org")));
        SipProperties props = binder.bindOrCreate("parloir.sip", SipProperties.class);
        DomainsProperties domains = binder.bind("parloir", DomainsProperties.class).get();
        LocalEndpoint local = new LocalEndpoint("127.0.0.1", Map.of("udp", 5060, "tcp", 5060),
                Set.of("127.0.0.1", "example.org"));
        RoutePlanner planner = new RoutePlanner(domains, local, aor -> List.of(), props.routing()::policyFor);
        proxy = new ProxyCore(null, headers, addresses, null, local, domains, planner, authenticator, null, props,
                null, null, null, null, null);
        invite = messages.createRequest(INVITE);
        target = new Binding("u00002@example.org", "sip:u00002@127.0.0.1:5070;transport=UDP", -1,
                Long.MAX_VALUE, "c", 1, List.of(), "udp:127.0.0.1:5062", null);
    }

    @Benchmark
    public Request parseRegister() throws Exception {
        return messages.createRequest(registerText);
    }

    @Benchmark
    public AuthResult verifyDigest() {
        return authenticator.authenticate(authorizedRegister, new UserAddress("u00001", "example.org"),
                "example.org", false).toCompletableFuture().join();
    }

    @Benchmark
    public String forwardBranch() throws Exception {
        Request branch = proxy.forwarder().branchRequest(invite, target, "udp", ViaBranches.loopHash(invite));
        return branch.toString();
    }
}
