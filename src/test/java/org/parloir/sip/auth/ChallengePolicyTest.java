package org.parloir.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parloir.sip.auth.DigestAlgorithm.MD5;
import static org.parloir.sip.auth.DigestAlgorithm.SHA_256;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parloir.core.UserAddress;

class ChallengePolicyTest {

    private static final String BARESIP = "baresip v1.0.0 (x86_64/linux)";
    private static final String DESK_PHONE = "Yealink SIP-T46U 108.86.0.20";
    private final UserAddress alice = new UserAddress("alice", "example.org");
    private final UserAddress labUser = new UserAddress("dora", "lab.example.org");
    private final KnownAgents known = new KnownAgents(1000, Duration.ofDays(30));

    private ChallengePolicy policy(List<DigestAlgorithm> site, Map<String, List<DigestAlgorithm>> domains) {
        return new ChallengePolicy(site, domains, known);
    }

    @Test
    void theDefaultListIsOneChallengeAndNothingIsRemembered() {
        ChallengePolicy policy = policy(ChallengePolicy.parse("p", List.of("MD5")), Map.of());
        assertThat(policy.offer(alice, BARESIP)).containsExactly(MD5);
        policy.authenticated(alice, BARESIP, MD5);
        assertThat(known.size()).isZero();
        assertThat(policy.accepted("example.org")).containsExactly(MD5);
    }

    @Test
    void aDomainOfItsOwnOffersItsListInOrderOthersTheSiteList() {
        ChallengePolicy policy = policy(List.of(MD5), Map.of("Lab.Example.org", List.of(SHA_256, MD5)));
        assertThat(policy.offer(labUser, DESK_PHONE)).containsExactly(SHA_256, MD5);
        assertThat(policy.accepted("lab.example.org")).containsExactly(SHA_256, MD5);
        assertThat(policy.offer(alice, DESK_PHONE)).containsExactly(MD5);
        assertThat(policy.accepted("example.org")).containsExactly(MD5);
    }

    @Test
    void aUaThatChoseOneOfSeveralGetsThatOneAloneNextTime() {
        ChallengePolicy policy = policy(List.of(SHA_256, MD5), Map.of());
        policy.authenticated(alice, BARESIP, SHA_256);
        policy.authenticated(alice, DESK_PHONE, MD5);
        assertThat(policy.offer(alice, BARESIP)).containsExactly(SHA_256);
        assertThat(policy.offer(alice, DESK_PHONE)).containsExactly(MD5);
        // another user's phone of the same make has shown nothing yet, nor has a UA without a User-Agent
        assertThat(policy.offer(new UserAddress("bob", "example.org"), BARESIP)).containsExactly(SHA_256, MD5);
        policy.authenticated(alice, null, SHA_256);
        assertThat(policy.offer(alice, null)).containsExactly(SHA_256, MD5);
    }

    @Test
    void aRememberedAlgorithmTheDomainNoLongerListsIsIgnored() {
        policy(List.of(SHA_256, MD5), Map.of()).authenticated(alice, BARESIP, SHA_256);
        ChallengePolicy reconfigured = policy(List.of(MD5), Map.of());
        assertThat(reconfigured.offer(alice, BARESIP)).containsExactly(MD5);
    }

    @Test
    void theMemoryIsBounded() {
        KnownAgents small = new KnownAgents(10, Duration.ofDays(1));
        ChallengePolicy policy = new ChallengePolicy(List.of(SHA_256, MD5), Map.of(), small);
        for (int i = 0; i < 500; i++) {
            policy.authenticated(new UserAddress("u" + i, "example.org"), BARESIP, SHA_256);
        }
        assertThat(small.size()).isLessThanOrEqualTo(10);
        assertThat(small.limit()).isEqualTo(10);
        KnownAgents none = new KnownAgents(0, Duration.ofDays(1));
        new ChallengePolicy(List.of(SHA_256, MD5), Map.of(), none).authenticated(alice, BARESIP, SHA_256);
        assertThat(none.algorithm(alice, BARESIP)).isEmpty();
    }

    @Test
    void parsingNamesThePropertyForAnUnknownRepeatedOrBlankAlgorithm() {
        assertThat(ChallengePolicy.parse("p", List.of("sha-256", " md5"))).containsExactly(SHA_256, MD5);
        assertThatThrownBy(() -> ChallengePolicy.parse("parloir.sip.auth.algorithms", List.of("MD4")))
                .hasMessageContaining("parloir.sip.auth.algorithms").hasMessageContaining("MD4");
        assertThatThrownBy(() -> ChallengePolicy.parse("p", List.of("MD5", "md5")))
                .hasMessageContaining("MD5 is listed twice");
        assertThatThrownBy(() -> ChallengePolicy.parse("p", List.of(" "))).hasMessageContaining("unknown");
        assertThatThrownBy(() -> ChallengePolicy.parse("p", List.of())).hasMessageContaining("at least one");
    }
}
