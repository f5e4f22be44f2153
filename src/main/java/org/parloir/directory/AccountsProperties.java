package org.parloir.directory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts ({@code parloir.accounts}): how local accounts are hashed and how password checks are spared.
 *
 * @param scramIterations            PBKDF2 iteration count of new SCRAM keys (RFC 5802 §5.1: at least 4096,
 *                                   RFC 7677 §4)
 * @param verifiedPasswordTtl        how long a password verified the slow way (PBKDF2, LDAP bind) is accepted
 *                                   again from memory; 0 turns this off
 * @param verifiedPasswordCacheSize  users whose verified password is remembered at most
 * @param poolSize                   threads running database calls and key derivation for local accounts
 * @param queueSize                  calls waiting for such a thread; beyond it the store is unavailable
 * @param timeout                    a call slower than this (queueing included) fails as unavailable
 */
@Validated
@ConfigurationProperties("parloir.accounts")
public record AccountsProperties(
        @Min(4096) @Max(10_000_000) @DefaultValue("4096") int scramIterations,
        @NotNull @DefaultValue("10m") Duration verifiedPasswordTtl,
        @Min(1) @DefaultValue("10000") int verifiedPasswordCacheSize,
        @Min(1) @Max(256) @DefaultValue("4") int poolSize,
        @Min(1) @DefaultValue("1000") int queueSize,
        @NotNull @DefaultValue("2s") Duration timeout) {
}
