package org.parloir.admin;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.parloir.core.DomainsProperties;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRegistration;
import org.parloir.directory.api.AccountRemoval;
import org.parloir.directory.api.DirectoryUnavailableException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/accounts}: accounts of the domains whose store Parloir writes (local accounts, the embedded
 * directory). {@code POST {"address", "password"}} creates one (201), {@code POST /actuator/accounts/{address}
 * {"password"}} changes its password, {@code DELETE /actuator/accounts/{address}} deletes it with its XMPP data and
 * SIP registrations, ending its sessions. Refusals are JSON {@code {"status", "error"}}: 400 for a bad address,
 * password or a domain not served, 403 for a domain whose accounts live in an external directory (read-only here),
 * 404 for an unknown account, 409 for a taken name, 503 when the store does not answer.
 */
@Component
@Endpoint(id = "accounts")
public class AccountsEndpoint {

    private static final long TIMEOUT_SECONDS = 15;

    private final AccountRegistration registration;
    private final AccountRemoval removal;
    private final DomainsProperties domains;

    public AccountsEndpoint(AccountRegistration registration, AccountRemoval removal, DomainsProperties domains) {
        this.registration = registration;
        this.removal = removal;
        this.domains = domains;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> create(String address, String password) {
        return withAccount(address, a -> registration.writable(a.domain()) ? await(registration.register(a, password),
                outcome -> switch (outcome) {
                    case CREATED -> new WebEndpointResponse<>(Map.of("address", a.toString(), "created", true), 201);
                    case CONFLICT -> AdminErrors.of(409, a + " exists already");
                    case NOT_ALLOWED -> readOnly(a);
                }) : readOnly(a));
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> changePassword(@Selector String address, String password) {
        return withAccount(address, a -> registration.writable(a.domain())
                ? await(registration.changePassword(a, password), changed -> changed
                        ? new WebEndpointResponse<>(Map.of("address", a.toString(), "passwordChanged", true), 200)
                        : AdminErrors.of(404, "no account " + a))
                : readOnly(a));
    }

    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> delete(@Selector String address) {
        return withAccount(address, a -> removal.removable(a.domain()) ? await(removal.remove(a), result ->
                switch (result) {
                    case REMOVED -> new WebEndpointResponse<>(Map.of("address", a.toString(), "deleted", true), 200);
                    case NOT_FOUND -> AdminErrors.of(404, "no account " + a);
                    case NOT_ALLOWED -> readOnly(a);
                }) : readOnly(a));
    }

    /** The address as an account of ours: a PRECIS local part (it is also a JID, RFC 7622 §3.3) on a served domain. */
    private WebEndpointResponse<Map<String, Object>> withAccount(
            String address, Function<UserAddress, WebEndpointResponse<Map<String, Object>>> action) {
        UserAddress parsed;
        try {
            UserAddress given = UserAddress.parse(address.strip());
            parsed = new UserAddress(Localpart.from(given.local()).toString(), given.domain());
        } catch (IllegalArgumentException | XmppStringprepException e) {
            return AdminErrors.of(400, "not an account address (local@domain): " + address);
        }
        if (!domains.isLocal(parsed.domain())) {
            return AdminErrors.of(400, parsed.domain() + " is not a domain of this server");
        }
        return action.apply(parsed);
    }

    private static WebEndpointResponse<Map<String, Object>> readOnly(UserAddress a) {
        return AdminErrors.of(403, "accounts of " + a.domain() + " live in an external LDAP directory, which Parloir"
                + " only reads: create, change or delete them there");
    }

    private static <T> WebEndpointResponse<Map<String, Object>> await(
            CompletionStage<T> stage, Function<T, WebEndpointResponse<Map<String, Object>>> answer) {
        try {
            return answer.apply(stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (IllegalArgumentException e) {
            return AdminErrors.of(400, e.getMessage());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                return AdminErrors.of(400, bad.getMessage());
            }
            if (e.getCause() instanceof DirectoryUnavailableException) {
                return AdminErrors.of(503, "the account store did not answer: " + e.getCause().getMessage());
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            return AdminErrors.of(503, "the account store did not answer in " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AdminErrors.of(503, "interrupted");
        }
    }
}
