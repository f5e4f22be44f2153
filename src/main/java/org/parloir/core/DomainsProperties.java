package org.parloir.core;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The DNS domains this server is responsible for ({@code parloir.domains}). Each one is a SIP domain, a digest
 * realm and an XMPP domain; its users live under {@code ldap-base} in the directory.
 */
@Validated
@ConfigurationProperties("parloir")
public record DomainsProperties(@NotEmpty @Valid List<Domain> domains) {

    /**
     * @param name     DNS name, e.g. {@code example.org}
     * @param realm    digest realm (RFC 3261 §22.1); defaults to the domain name
     * @param ldapBase search base of this domain's users in the directory
     */
    public record Domain(@NotBlank String name, String realm, @NotBlank String ldapBase) {
        public Domain {
            name = name == null ? null : name.toLowerCase(Locale.ROOT);
            realm = realm == null || realm.isBlank() ? name : realm;
        }
    }

    public Optional<Domain> find(String domainName) {
        if (domainName == null) {
            return Optional.empty();
        }
        for (Domain d : domains) {
            if (d.name().equalsIgnoreCase(domainName)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public boolean isLocal(String domainName) {
        return find(domainName).isPresent();
    }
}
