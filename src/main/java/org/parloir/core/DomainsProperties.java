package org.parloir.core;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * The DNS domains this server is responsible for ({@code parloir.domains}). Each one is a SIP domain, a digest
 * realm and an XMPP domain; its users live under {@code ldap-base} in the directory, or in Parloir's own database
 * when {@code accounts: local}.
 */
@Validated
@ConfigurationProperties("parloir")
public record DomainsProperties(@NotEmpty @Valid List<Domain> domains) {

    /** Where a domain's accounts live. */
    public enum AccountStore {
        /** People are entries of the LDAP directory (read-only unless the directory is the embedded one). */
        DIRECTORY,
        /** Accounts are rows of Parloir's database, created by registration. */
        LOCAL
    }

    public DomainsProperties {
        if (domains != null) {
            for (int i = 0; i < domains.size(); i++) {
                Domain d = domains.get(i);
                if (d != null && d.accounts() == AccountStore.DIRECTORY
                        && (d.ldapBase() == null || d.ldapBase().isBlank())) {
                    throw new IllegalArgumentException("parloir.domains[" + i + "].ldap-base: required for a domain"
                            + " whose accounts are in the directory (set it, or accounts: local)");
                }
            }
        }
    }

    /**
     * @param name     DNS name, e.g. {@code example.org}
     * @param realm    digest realm (RFC 3261 §22.1); defaults to the domain name
     * @param ldapBase search base of this domain's users in the directory; required unless accounts are local
     * @param accounts where the accounts live; defaults to the directory
     */
    public record Domain(@NotBlank String name, String realm, String ldapBase, AccountStore accounts) {

        @ConstructorBinding
        public Domain {
            name = name == null ? null : name.toLowerCase(Locale.ROOT);
            realm = realm == null || realm.isBlank() ? name : realm;
            accounts = accounts == null ? AccountStore.DIRECTORY : accounts;
        }

        /** A directory domain. */
        public Domain(String name, String realm, String ldapBase) {
            this(name, realm, ldapBase, AccountStore.DIRECTORY);
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

    /** Whether this server serves {@code domainName} (whatever store its accounts are in). */
    public boolean isLocal(String domainName) {
        return find(domainName).isPresent();
    }
}
