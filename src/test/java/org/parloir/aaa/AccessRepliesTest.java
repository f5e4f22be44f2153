package org.parloir.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.Class;
import org.aaa4j.radius.core.attribute.attributes.FilterId;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.SessionTimeout;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.aaa4j.radius.core.packet.packets.AccessReject;
import org.junit.jupiter.api.Test;
import org.parloir.aaa.api.AuthorizationRequest;
import org.parloir.aaa.api.AuthorizationResult;
import org.parloir.aaa.api.CallPolicy;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;

/** Access-Accept / Access-Reject attributes to an authorisation result. */
class AccessRepliesTest {

    private final AccessReplies replies = new AccessReplies(Map.of(
            "national", new AaaProperties.Policy(List.of("+33")),
            "anywhere", new AaaProperties.Policy(List.of())));

    @Test
    void acceptMapsFilterIdSessionTimeoutAndClass() {
        AuthorizationResult result = replies.read(new AccessAccept(List.of(filter("national"),
                new SessionTimeout(new IntegerData(3600)),
                new Class(new StringData("staff".getBytes(StandardCharsets.US_ASCII))))), call("+33123456789"));

        assertThat(result).isInstanceOfSatisfying(AuthorizationResult.Accept.class, accept -> {
            CallPolicy policy = accept.policy();
            assertThat(policy.filterId()).contains("national");
            assertThat(policy.allowedPrefixes()).containsExactly("+33");
            assertThat(policy.maxDuration()).contains(Duration.ofHours(1));
            assertThat(policy.callClass()).hasValueSatisfying(c -> assertThat(c).asString().isEqualTo("staff"));
        });
    }

    @Test
    void acceptWithoutAttributesIsUnrestricted() {
        assertThat(replies.read(new AccessAccept(), call("+441632960000")))
                .isInstanceOfSatisfying(AuthorizationResult.Accept.class, accept -> {
                    assertThat(accept.policy().filterId()).isEmpty();
                    assertThat(accept.policy().allowedPrefixes()).isEmpty();
                    assertThat(accept.policy().maxDuration()).isEmpty();
                    assertThat(accept.policy().callClass()).isEmpty();
                });
    }

    @Test
    void aPolicyWithoutPrefixesAllowsAnyNumber() {
        assertThat(replies.read(new AccessAccept(List.of(filter("anywhere"))), call("+441632960000")))
                .isInstanceOf(AuthorizationResult.Accept.class);
    }

    @Test
    void aNumberOutsideThePolicyIsRefused() {
        assertThat(replies.read(new AccessAccept(List.of(filter("national"))), call("+441632960000")))
                .isEqualTo(new AuthorizationResult.Reject("+441632960000 not allowed by call policy national"));
    }

    @Test
    void anUnknownFilterIdFailsClosed() {
        assertThat(replies.read(new AccessAccept(List.of(filter("gold"))), call("+33123456789")))
                .isEqualTo(new AuthorizationResult.Reject("unknown call policy gold"));
    }

    @Test
    void severalFilterIdsFailClosed() {
        assertThat(replies.read(new AccessAccept(List.of(filter("national"), filter("anywhere"))),
                call("+33123456789"))).isInstanceOf(AuthorizationResult.Reject.class);
    }

    @Test
    void aZeroSessionTimeoutMeansNoLimitOfOurs() {
        assertThat(replies.read(new AccessAccept(List.<Attribute<?>>of(new SessionTimeout(new IntegerData(0)))),
                call("+33123456789"))).isInstanceOfSatisfying(AuthorizationResult.Accept.class,
                a -> assertThat(a.policy().maxDuration()).isEqualTo(Optional.empty()));
    }

    @Test
    void rejectGivesItsReplyMessageOrADefault() {
        assertThat(replies.read(new AccessReject(List.of(new ReplyMessage(new TextData("barred")))),
                call("+33123456789"))).isEqualTo(new AuthorizationResult.Reject("barred"));
        assertThat(replies.read(new AccessReject(), call("+33123456789")))
                .isEqualTo(new AuthorizationResult.Reject("rejected"));
    }

    private static FilterId filter(String name) {
        return new FilterId(new TextData(name));
    }

    private static AuthorizationRequest call(String number) {
        UserAddress alice = new UserAddress("alice", "example.org");
        return new AuthorizationRequest(alice, "alice", alice.sipAor(), new E164(number), "c1@h", Optional.empty());
    }
}
