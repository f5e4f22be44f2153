package org.parloir.sip.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import org.junit.jupiter.api.Test;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.sip.api.Refusal;
import org.parloir.sip.registrar.Binding;
import org.parloir.sip.stack.LocalEndpoint;

class RoutePlannerTest {

    private static final AddressFactory ADDRESSES = addresses();
    private static final Binding PHONE = new Binding("alice@example.org", "sip:alice@10.0.0.5:5060", -1,
            Long.MAX_VALUE, "c", 1, List.of(), "udp:10.0.0.5:5060", null);
    private static final Binding DESK = new Binding("1234@example.org", "sip:1234@10.0.0.6:5060", -1,
            Long.MAX_VALUE, "c", 1, List.of(), "udp:10.0.0.6:5060", null);

    private final DomainsProperties domains = new DomainsProperties(List.of(
            new DomainsProperties.Domain("example.org", null, "ou=people,dc=example,dc=org"),
            new DomainsProperties.Domain("lab.example.org", null, "ou=lab,dc=example,dc=org")));
    private final LocalEndpoint local = new LocalEndpoint("192.0.2.1", Map.of("udp", 5060, "tcp", 5060),
            Set.of("192.0.2.1", "example.org", "lab.example.org"));
    private final Map<String, List<Binding>> bindings = Map.of("alice@example.org", List.of(PHONE),
            "1234@example.org", List.of(DESK));
    private final Map<String, RoutingPolicy.Mode> modes = Map.of("lab.example.org", RoutingPolicy.Mode.PHONE);
    private final RoutePlanner planner = new RoutePlanner(domains, local,
            aor -> bindings.getOrDefault(aor, List.of()),
            d -> new RoutingPolicy("FR", modes.getOrDefault(d, RoutingPolicy.Mode.DEVICES_THEN_PHONE),
                    Duration.ofSeconds(20), false));

    private static AddressFactory addresses() {
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            return f.createAddressFactory();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RouteDecision plan(String uri) throws Exception {
        return planner.plan(uri(uri), false, false, false);
    }

    private static URI uri(String uri) throws Exception {
        return ADDRESSES.createURI(uri);
    }

    @Test
    void aPersonWithDevicesIsRungThereWithThePhoneAsFallback() throws Exception {
        assertThat(plan("sip:alice@example.org")).isEqualTo(new RouteDecision.LocalContacts(
                new UserAddress("alice", "example.org"), List.of(PHONE), true));
    }

    @Test
    void aPersonWithoutDevicesIsLookedUpInTheDirectory() throws Exception {
        assertThat(plan("sip:first.last@example.org"))
                .isEqualTo(new RouteDecision.Directory(new UserAddress("first.last", "example.org"), true));
    }

    @Test
    void phoneOnlyDomainsGoStraightToTheDirectory() throws Exception {
        assertThat(plan("sip:carol@lab.example.org"))
                .isEqualTo(new RouteDecision.Directory(new UserAddress("carol", "lab.example.org"), false));
    }

    @Test
    void devicesOnlyDomainsNeverReachThePhone() throws Exception {
        RoutePlanner devicesOnly = new RoutePlanner(domains, local, aor -> bindings.getOrDefault(aor, List.of()),
                d -> new RoutingPolicy("FR", RoutingPolicy.Mode.DEVICES, Duration.ofSeconds(20), false));
        assertThat(devicesOnly.plan(uri("sip:alice@example.org"), false, false, false))
                .isEqualTo(new RouteDecision.LocalContacts(new UserAddress("alice", "example.org"), List.of(PHONE),
                        false));
        assertThat(devicesOnly.plan(uri("sip:bob@example.org"), false, false, false))
                .isEqualTo(new RouteDecision.NoBinding(new UserAddress("bob", "example.org")));
    }

    @Test
    void aPersonOnlineInAJingleClientIsRungThereAndOnTheirSipDevicesAtTheSameTime() throws Exception {
        Set<String> jingle = Set.of("bob@example.org", "alice@example.org", "carol@lab.example.org");
        RoutePlanner withJingle = new RoutePlanner(domains, local, aor -> bindings.getOrDefault(aor, List.of()),
                d -> new RoutingPolicy("FR", modes.getOrDefault(d, RoutingPolicy.Mode.DEVICES_THEN_PHONE),
                        Duration.ofSeconds(20), false), jingle::contains);
        assertThat(withJingle.plan(uri("sip:bob@example.org"), false, false, false))
                .as("devices-then-phone: the Jingle device, then the number")
                .isEqualTo(new RouteDecision.Jingle(new UserAddress("bob", "example.org"), true));
        assertThat(withJingle.plan(uri("sip:alice@example.org"), false, false, false))
                .as("SIP devices too: the B2BUA rings both kinds (its SIP leg through the proxy)")
                .isEqualTo(new RouteDecision.Jingle(new UserAddress("alice", "example.org"), true, List.of(PHONE)));
        assertThat(withJingle.sipDevices(new UserAddress("alice", "example.org")))
                .as("the B2BUA's leg to the SIP devices: the bindings only, no phone fallback")
                .isEqualTo(new RouteDecision.LocalContacts(new UserAddress("alice", "example.org"), List.of(PHONE),
                        false));
        assertThat(withJingle.sipDevices(new UserAddress("bob", "example.org")))
                .as("no SIP device (any more): the B2BUA still has the Jingle ones")
                .isEqualTo(new RouteDecision.NoBinding(new UserAddress("bob", "example.org")));
        assertThat(plan("sip:alice@example.org")).as("no Jingle client online: forked by the proxy as before")
                .isEqualTo(new RouteDecision.LocalContacts(new UserAddress("alice", "example.org"), List.of(PHONE),
                        true));
        assertThat(withJingle.plan(uri("sip:carol@lab.example.org"), false, false, false))
                .as("a phone-only domain never rings devices")
                .isEqualTo(new RouteDecision.Directory(new UserAddress("carol", "lab.example.org"), false));
        assertThat(withJingle.plan(uri("sip:dave@example.org"), false, false, false))
                .isEqualTo(new RouteDecision.Directory(new UserAddress("dave", "example.org"), true));

        RoutePlanner devicesOnly = new RoutePlanner(domains, local, aor -> List.of(),
                d -> new RoutingPolicy("FR", RoutingPolicy.Mode.DEVICES, Duration.ofSeconds(20), false),
                jingle::contains);
        assertThat(devicesOnly.plan(uri("sip:bob@example.org"), false, false, false))
                .isEqualTo(new RouteDecision.Jingle(new UserAddress("bob", "example.org"), false));
    }

    @Test
    void numbersInEveryFormAreThePstn() throws Exception {
        assertThat(plan("sip:0123456789@example.org")).isEqualTo(new RouteDecision.Pstn("0123456789"));
        assertThat(plan("sip:+33123456789@example.org")).isEqualTo(new RouteDecision.Pstn("+33123456789"));
        assertThat(plan("sip:+33123456789@example.org;user=phone")).isEqualTo(new RouteDecision.Pstn("+33123456789"));
        assertThat(plan("tel:+33123456789")).isEqualTo(new RouteDecision.Pstn("+33123456789"));
        assertThat(plan("sip:0123456789@192.0.2.1:5060")).isEqualTo(new RouteDecision.Pstn("0123456789"));
    }

    @Test
    void aRegisteredExtensionIsNotThePstn() throws Exception {
        assertThat(plan("sip:1234@example.org"))
                .isEqualTo(new RouteDecision.LocalContacts(new UserAddress("1234", "example.org"), List.of(DESK)));
    }

    @Test
    void numbersAtOtherDomainsAreNotOurs() throws Exception {
        assertThat(plan("sip:0123456789@elsewhere.example.net"))
                .isEqualTo(new RouteDecision.Reject(Refusal.RELAYING_DENIED));
    }

    @Test
    void aTelUriInsideADialogIsNothingOfOurs() throws Exception {
        assertThat(planner.plan(uri("tel:+33123456789"), false, true, false))
                .isEqualTo(new RouteDecision.Reject(Refusal.NOT_FOUND));
    }

    @Test
    void anInDialogRequestForADialogOfOursThatIsGoneIs481() throws Exception {
        assertThat(planner.plan(uri("sip:b2bua@192.0.2.1:5060"), false, true, false))
                .isEqualTo(new RouteDecision.Reject(Refusal.NO_SUCH_CALL));
        assertThat(planner.plan(uri("sip:b2bua@192.0.2.1:5060"), false, false, false))
                .isEqualTo(new RouteDecision.Reject(Refusal.NOT_FOUND));
    }

    @Test
    void inDialogRequestsFollowTheirRoute() throws Exception {
        assertThat(planner.plan(uri("sip:bob@10.0.0.7:5062"), false, true, true))
                .isEqualTo(new RouteDecision.AlongRoute());
        assertThat(planner.plan(uri("sip:bob@10.0.0.7:5062"), false, false, false))
                .isEqualTo(new RouteDecision.Reject(Refusal.RELAYING_DENIED));
    }
}
