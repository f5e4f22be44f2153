package org.parloir.directory;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.DirectoryUser;
import org.parloir.directory.api.SipCredentialSource;
import org.parloir.directory.api.SipCredentials;
import org.parloir.directory.api.UserDirectory;
import org.springframework.ldap.core.ContextMapper;
import org.springframework.ldap.core.DirContextOperations;
import org.springframework.ldap.core.LdapOperations;
import org.springframework.ldap.query.LdapQuery;
import org.springframework.ldap.query.LdapQueryBuilder;

/**
 * The directory over LDAP (spring-ldap). A person is found by their mail attribute under their domain's base;
 * the filter value is escaped by spring-ldap's query builder. Entries are cached for {@code parloir.ldap.cache-ttl}
 * (misses too), loads run on a bounded executor and time out, see {@link UserDirectory}.
 */
final class LdapUserDirectory implements UserDirectory, SipCredentialSource {

    /** A stored password with a scheme prefix ({SSHA}, {CRYPT}, ...) is a hash, useless for digest. */
    private static final Pattern HASHED = Pattern.compile("^\\{[A-Za-z0-9._-]+}.*", Pattern.DOTALL);

    /** A person as cached: what the protocols see, and the entry's DN for binding as them. */
    record Entry(String dn, DirectoryUser user, SipCredentials credentials) {
    }

    private final LdapOperations ldap;
    private final DomainsProperties domains;
    private final DirectoryProperties props;
    private final AsyncLoadingCache<UserAddress, Optional<Entry>> cache;

    LdapUserDirectory(LdapOperations ldap, DomainsProperties domains, DirectoryProperties props, Executor executor) {
        this.ldap = ldap;
        this.domains = domains;
        this.props = props;
        BoundedCalls calls = new BoundedCalls("directory", executor, props.timeout());
        this.cache = Caffeine.newBuilder()
                .maximumSize(props.cacheSize())
                .expireAfterWrite(props.cacheTtl())
                // reload an entry in the background once it is half its TTL old and still in use, so busy
                // users never wait for the directory at expiry
                .refreshAfterWrite(props.cacheTtl().dividedBy(2))
                .executor(Runnable::run)
                .buildAsync((address, ignored) -> calls.supply("looking up " + address, () -> lookup(address)));
    }

    /** Blocking LDAP search; runs on the directory executor only. */
    Optional<Entry> lookup(UserAddress address) {
        Optional<DomainsProperties.Domain> domain = domains.find(address.domain())
                .filter(d -> d.accounts() == DomainsProperties.AccountStore.DIRECTORY);
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        DirectoryProperties.Mapping mapping = props.mappingFor(address.domain());
        LdapQuery query = LdapQueryBuilder.query()
                .base(domain.get().ldapBase())
                .countLimit(2)
                .attributes(mapping.uid(), mapping.mail(), mapping.displayName(), mapping.telephoneNumber(),
                        mapping.password(), mapping.ha1Md5(), mapping.ha1Sha256())
                .where("objectClass").is("person")
                .and(mapping.mail()).is(address.toString());
        List<Entry> found = ldap.search(query,
                (ContextMapper<Entry>) ctx -> toEntry(address, mapping, (DirContextOperations) ctx));
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private static Entry toEntry(UserAddress address, DirectoryProperties.Mapping mapping, DirContextOperations ctx)
            throws NamingException {
        Attributes attrs = ctx.getAttributes();
        String uid = text(attrs.get(mapping.uid()));
        if (uid == null) {
            uid = address.local();
        }
        DirectoryUser user = new DirectoryUser(address, uid, text(attrs.get(mapping.displayName())),
                text(attrs.get(mapping.telephoneNumber())));
        String stored = text(attrs.get(mapping.password()));
        String cleartext = stored == null || HASHED.matcher(stored).matches() ? null : stored;
        SipCredentials creds = new SipCredentials(address, uid, cleartext,
                hex(text(attrs.get(mapping.ha1Md5()))), hex(text(attrs.get(mapping.ha1Sha256()))));
        return new Entry(ctx.getNameInNamespace(), user, creds);
    }

    private static String hex(String value) {
        return value == null ? null : value.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(Attribute attribute) throws NamingException {
        if (attribute == null || attribute.size() == 0) {
            return null;
        }
        Object value = attribute.get();
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** The cached entry, loading it on a miss. */
    CompletionStage<Optional<Entry>> entry(UserAddress address) {
        return cache.get(address);
    }

    /**
     * Forgets what is cached about {@code address} in any letter case, after it was created or changed. The async
     * view is the one that holds loads still in flight: the synchronous view skips them, and a search that had
     * found no entry just before a registration would then stay cached as "no such user" for the cache TTL.
     */
    void invalidate(UserAddress address) {
        cache.asMap().keySet().removeIf(k -> k.domain().equals(address.domain())
                && k.local().equalsIgnoreCase(address.local()));
    }

    @Override
    public CompletionStage<Optional<DirectoryUser>> findUser(UserAddress address) {
        return cache.get(address).thenApply(e -> e.map(Entry::user));
    }

    @Override
    public CompletionStage<Optional<SipCredentials>> sipCredentials(UserAddress address) {
        return cache.get(address).thenApply(e -> e.map(Entry::credentials));
    }

    long cachedEntries() {
        return cache.synchronous().estimatedSize();
    }
}
