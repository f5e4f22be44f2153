package org.parloir.directory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.naming.directory.DirContext;
import org.parloir.core.DomainsProperties;
import org.parloir.core.DomainsProperties.AccountStore;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.DirectoryUser;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.SipCredentials;
import org.springframework.ldap.AuthenticationException;
import org.springframework.ldap.core.ContextSource;
import org.springframework.ldap.support.LdapUtils;

/**
 * Accounts of directory domains. Lookups are {@link LdapUserDirectory}'s; a cleartext password is checked by an
 * LDAP simple bind as the person's entry (the directory knows how its passwords are hashed), unless
 * {@link VerifiedPasswords} knows it; the directory holds no SCRAM keys. Only the embedded directory is written
 * to ({@code writer} non-null); an external one is read-only.
 */
final class LdapAccounts implements AccountBackend {

    private final LdapUserDirectory directory;
    private final ContextSource binds;
    private final LdapAccountWriter writer;
    private final DomainsProperties domains;
    private final BoundedCalls calls;
    private final VerifiedPasswords verified;

    /** @param writer the embedded directory's writer, or null when the directory is external */
    LdapAccounts(LdapUserDirectory directory, ContextSource binds, LdapAccountWriter writer,
                 DomainsProperties domains, BoundedCalls calls, VerifiedPasswords verified) {
        this.directory = directory;
        this.binds = binds;
        this.writer = writer;
        this.domains = domains;
        this.calls = calls;
        this.verified = verified;
    }

    private Optional<DomainsProperties.Domain> ours(String domain) {
        return domains.find(domain).filter(d -> d.accounts() == AccountStore.DIRECTORY);
    }

    @Override
    public CompletionStage<Optional<DirectoryUser>> findUser(UserAddress address) {
        return directory.findUser(address);
    }

    @Override
    public CompletionStage<Optional<SipCredentials>> sipCredentials(UserAddress address) {
        return directory.sipCredentials(address);
    }

    @Override
    public CompletionStage<Optional<ScramCredentials>> scramCredentials(UserAddress address,
                                                                         ScramCredentials.ScramAlgorithm algorithm) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public boolean offersScram(String domain) {
        return false;
    }

    @Override
    public CompletionStage<Boolean> verifyPassword(UserAddress address, String password) {
        // RFC 4513 §5.1.2: a simple bind with a DN and an empty password is an unauthenticated bind, which
        // servers accept; it proves nothing, so it is refused here before any bind
        if (password == null || password.isEmpty() || ours(address.domain()).isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        // the (cached) entry is needed anyway: a person removed from the directory stops logging in
        return directory.entry(address).thenCompose(entry -> {
            if (entry.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            return verified.verify(address, password,
                    () -> calls.supply("binding as " + address, () -> bind(entry.get().dn(), password)));
        });
    }

    /** Blocking simple bind as {@code dn}; false when the directory refuses the credentials. */
    private boolean bind(String dn, String password) {
        DirContext context = null;
        try {
            // spring-ldap opens a new, unpooled connection for a bind with given credentials
            context = binds.getContext(dn, password);
            return true;
        } catch (AuthenticationException e) {
            return false;
        } finally {
            LdapUtils.closeContext(context);
        }
    }

    @Override
    public boolean writable(String domain) {
        return writer != null && ours(domain).isPresent();
    }

    @Override
    public CompletionStage<Outcome> register(UserAddress address, String password) {
        Optional<DomainsProperties.Domain> domain = ours(address.domain());
        if (domain.isEmpty() || writer == null) {
            return CompletableFuture.completedFuture(Outcome.NOT_ALLOWED);
        }
        CompletableFuture<Outcome> refused = AccountBackend.refuse(password);
        if (refused != null) {
            return refused;
        }
        return calls.supply("registering " + address, () -> {
            // an entry elsewhere under the base may already carry this mail
            boolean created = directory.lookup(address).isEmpty()
                    && writer.create(address, domain.get().ldapBase(), domain.get().realm(), password);
            directory.invalidate(address);
            verified.forget(address);
            return created ? Outcome.CREATED : Outcome.CONFLICT;
        });
    }

    @Override
    public CompletionStage<Boolean> changePassword(UserAddress address, String password) {
        Optional<DomainsProperties.Domain> domain = ours(address.domain());
        if (domain.isEmpty() || writer == null) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> refused = AccountBackend.refuse(password);
        if (refused != null) {
            return refused;
        }
        return calls.supply("changing the password of " + address, () -> {
            Optional<LdapUserDirectory.Entry> entry = directory.lookup(address);
            entry.ifPresent(e -> writer.changePassword(e.dn(), e.user().uid(), domain.get().realm(), password));
            // after the write, on this thread: a verification that bound with the old password is not kept
            directory.invalidate(address);
            verified.forget(address);
            return entry.isPresent();
        });
    }

    @Override
    public boolean removable(String domain) {
        return writable(domain);
    }

    @Override
    public CompletionStage<AccountRemoval.Result> remove(UserAddress address) {
        if (ours(address.domain()).isEmpty() || writer == null) {
            return CompletableFuture.completedFuture(AccountRemoval.Result.NOT_ALLOWED);
        }
        return calls.supply("removing " + address, () -> {
            Optional<LdapUserDirectory.Entry> entry = directory.lookup(address);
            entry.ifPresent(e -> writer.delete(e.dn()));
            // after the write, on this thread: a lookup or verification that read the entry is not kept
            directory.invalidate(address);
            verified.forget(address);
            return entry.isPresent() ? AccountRemoval.Result.REMOVED : AccountRemoval.Result.NOT_FOUND;
        });
    }
}
