package org.parloir.admin;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The administrator of the management endpoints ({@code parloir.admin}). With no password configured a random
 * one is generated at start-up and logged once, so a fresh install is never open.
 */
@Validated
@ConfigurationProperties("parloir.admin")
public record AdminProperties(@NotBlank @DefaultValue("admin") String username, String password) {
}
