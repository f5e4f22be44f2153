package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.parloir.core.UserAddress;

/** The memory of verified passwords: what it accepts, what it forgets, and when (on a fake clock). */
class VerifiedPasswordsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final VerifiedPasswords verified =
            new VerifiedPasswords(Duration.ofMinutes(10), 100, new SecureRandom(), nanos::get);
    private final UserAddress alice = new UserAddress("alice", "example.org");

    private void remember(UserAddress who, String password) {
        verified.remember(who, password, verified.epoch());
    }

    @Test
    void acceptsOnlyTheRememberedPasswordOfThatUser() {
        assertThat(verified.matches(alice, "alice-secret")).isFalse();
        remember(alice, "alice-secret");
        assertThat(verified.matches(alice, "alice-secret")).isTrue();
        assertThat(verified.matches(alice, "alice-secreT")).isFalse();
        assertThat(verified.matches(alice, "")).isFalse();
        assertThat(verified.matches(new UserAddress("bob", "example.org"), "alice-secret")).isFalse();
        assertThat(verified.matches(new UserAddress("alice", "example.net"), "alice-secret")).isFalse();
    }

    @Test
    void theLocalPartIsMatchedIgnoringCaseLikeTheStores() {
        remember(alice, "alice-secret");
        assertThat(verified.matches(new UserAddress("Alice", "EXAMPLE.org"), "alice-secret")).isTrue();
    }

    @Test
    void aNewPasswordReplacesTheRememberedOne() {
        remember(alice, "old");
        remember(alice, "new");
        assertThat(verified.matches(alice, "old")).isFalse();
        assertThat(verified.matches(alice, "new")).isTrue();
    }

    @Test
    void forgetting() {
        remember(alice, "alice-secret");
        verified.forget(alice);
        assertThat(verified.matches(alice, "alice-secret")).isFalse();
    }

    @Test
    void aVerificationThatOverlappedAForgetIsNotRemembered() {
        long before = verified.epoch();
        // the password changes while the slow verification of the old one runs
        verified.forget(alice);
        verified.remember(alice, "old", before);
        assertThat(verified.matches(alice, "old")).isFalse();
    }

    @Test
    void entriesExpire() {
        remember(alice, "alice-secret");
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(verified.matches(alice, "alice-secret")).isTrue();
        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(verified.matches(alice, "alice-secret")).isFalse();
    }

    @Test
    void aZeroTtlRemembersNothing() {
        VerifiedPasswords off = new VerifiedPasswords(Duration.ZERO, 100, new SecureRandom(), nanos::get);
        off.remember(alice, "alice-secret", off.epoch());
        assertThat(off.matches(alice, "alice-secret")).isFalse();
    }

    @Test
    void theSlowPathRunsOnlyWhenThePasswordIsNotTheRememberedOne() throws Exception {
        AtomicInteger slow = new AtomicInteger();
        Supplier<CompletionStage<Boolean>> directory = () -> {
            slow.incrementAndGet();
            return CompletableFuture.completedFuture(true);
        };
        assertThat(verified.verify(alice, "alice-secret", directory).toCompletableFuture().get()).isTrue();
        assertThat(verified.verify(alice, "alice-secret", directory).toCompletableFuture().get()).isTrue();
        assertThat(slow).hasValue(1);
        assertThat(verified.verify(alice, "other", () -> CompletableFuture.completedFuture(false))
                .toCompletableFuture().get()).isFalse();
        // a refused password is not remembered, the accepted one still is
        assertThat(verified.matches(alice, "other")).isFalse();
        assertThat(verified.matches(alice, "alice-secret")).isTrue();
    }
}
