package org.parloir.directory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The directory ({@code parloir.ldap}). With an empty {@code url} Parloir starts its own embedded LDAP server
 * (UnboundID, on loopback) seeded from {@code embedded.ldif}; a URL points at a real directory instead.
 */
@Validated
@ConfigurationProperties("parloir.ldap")
public record DirectoryProperties(
        String url,
        String bindDn,
        String bindPassword,
        @Valid @NotNull @DefaultValue Mapping mapping,
        @Valid @NotNull @DefaultValue java.util.Map<String, @Valid Mapping> domainMappings,
        @NotNull @DefaultValue("30s") Duration cacheTtl,
        @Min(1) @DefaultValue("10000") int cacheSize,
        @NotNull @DefaultValue("2s") Duration timeout,
        @Min(1) @Max(256) @DefaultValue("8") int poolSize,
        @Min(1) @DefaultValue("1000") int queueSize,
        @Valid @NotNull @DefaultValue Embedded embedded) {

    /**
     * The attribute names for one domain's people: {@code domain-mappings[<domain>]} when the site gives one (a
     * directory that grew per department), otherwise {@code mapping}.
     */
    public Mapping mappingFor(String domain) {
        Mapping own = domainMappings.get(domain);
        return own != null ? own : mapping;
    }

    public boolean useEmbedded() {
        return url == null || url.isBlank();
    }

    /** Attribute names of the directory schema. */
    public record Mapping(
            @NotBlank @DefaultValue("mail") String mail,
            @NotBlank @DefaultValue("uid") String uid,
            @NotBlank @DefaultValue("cn") String displayName,
            @NotBlank @DefaultValue("telephoneNumber") String telephoneNumber,
            @NotBlank @DefaultValue("userPassword") String password,
            @NotBlank @DefaultValue("parloirDigestHA1") String ha1Md5,
            @NotBlank @DefaultValue("parloirDigestHA1SHA256") String ha1Sha256) {
    }

    /**
     * @param port    loopback port of the embedded server; 0 picks a free one
     * @param ldif    seed file: a path, or {@code classpath:} for one in the jar (the demo directory)
     * @param baseDns naming contexts the seed file fills
     */
    public record Embedded(
            @Min(0) @Max(65535) @DefaultValue("10389") int port,
            @NotBlank @DefaultValue("classpath:config/ldap/directory.ldif") String ldif,
            @NotEmpty @DefaultValue("dc=example,dc=org") List<String> baseDns) {
    }
}
