package org.parloir.bridge;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Jingle ↔ SIP bridge ({@code parloir.bridge}).
 *
 * @param enabled   the telephone gateway service runs on {@code <subdomain>.<domain>} for every served domain
 * @param subdomain the first label of its domains: numbers are {@code +33139635511@phone.example.org}
 * @param name      the name disco#info gives the service
 * @param maxCallsPerUser bridged calls one account may have at once (issue 11 policy), over all its devices
 */
@Validated
@ConfigurationProperties("parloir.bridge")
public record BridgeProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", message = "must be one DNS label")
        @DefaultValue("phone") String subdomain,
        @NotBlank @DefaultValue("Telephone gateway") String name,
        @Min(1) @DefaultValue("2") int maxCallsPerUser) {
}
