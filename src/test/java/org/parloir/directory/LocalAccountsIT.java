package org.parloir.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parloir.core.UserAddress;
import org.parloir.directory.api.AccountRegistration;
import org.parloir.directory.api.AccountRegistration.Outcome;
import org.parloir.directory.api.PasswordVerifier;
import org.parloir.directory.api.ScramCredentialSource;
import org.parloir.directory.api.SipCredentialSource;
import org.parloir.directory.api.UserDirectory;
import org.parloir.sip.registrar.LocationService;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.Profiles;
import org.parloir.testing.SharedServer;
import org.parloir.testing.SipUa;

/**
 * The whole application with a directory domain (example.org, embedded LDAP) and a domain of local accounts
 * (chat.test, no ldap-base): accounts registered through the {@link AccountRegistration} bean serve SIP digest.
 */
class LocalAccountsIT {

    @RegisterExtension
    static final SharedServer SERVER = Profiles.sha256AndLocalAccounts();
    static ParloirServer server;
    static SipUa phone;

    @BeforeAll
    static void start() throws Exception {
        server = SERVER.server();
        phone = new SipUa("local-phone");
    }

    @AfterAll
    static void stop() {
        phone.close();
        server.bean(LocationService.class).remove("dave@chat.test");
        server.bean(LocationService.class).remove("fiona@example.org");
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void oneBeanServesEveryAccountCapability() {
        for (Class<?> spi : new Class<?>[] {UserDirectory.class, SipCredentialSource.class, PasswordVerifier.class,
                ScramCredentialSource.class, AccountRegistration.class}) {
            assertThat(server.beans(spi)).as(spi.getSimpleName()).hasSize(1);
        }
        assertThat(server.bean(ScramCredentialSource.class).offersScram("chat.test")).isTrue();
        assertThat(server.bean(ScramCredentialSource.class).offersScram("example.org")).isFalse();
    }

    @Test
    void aRegisteredLocalAccountRegistersOverSipWithDigest() throws Exception {
        UserAddress dave = new UserAddress("dave", "chat.test");
        assertThat(get(server.bean(AccountRegistration.class).register(dave, "dave-secret")))
                .isEqualTo(Outcome.CREATED);
        assertThat(get(server.bean(PasswordVerifier.class).verifyPassword(dave, "dave-secret"))).isTrue();
        for (String algorithm : new String[] {"MD5", "SHA-256"}) {
            Response ok = phone.register("dave", "chat.test", "dave-secret", algorithm, 600, server.sipHostPort());
            assertThat(ok.getStatusCode()).as(algorithm).isEqualTo(200);
        }
        Response wrong = phone.register("dave", "chat.test", "not-dave", "MD5", 600, server.sipHostPort());
        assertThat(wrong.getStatusCode()).isEqualTo(403);
        Response unknown = phone.register("nobody", "chat.test", "x", "MD5", 600, server.sipHostPort());
        assertThat(unknown.getStatusCode()).isEqualTo(403);
    }

    @Test
    void anAccountRegisteredInTheEmbeddedDirectoryRegistersOverSipToo() throws Exception {
        UserAddress fiona = new UserAddress("fiona", "example.org");
        assertThat(get(server.bean(AccountRegistration.class).register(fiona, "fiona-secret")))
                .isEqualTo(Outcome.CREATED);
        assertThat(get(server.bean(PasswordVerifier.class).verifyPassword(fiona, "fiona-secret"))).isTrue();
        Response ok = phone.register("fiona", "example.org", "fiona-secret", "MD5", 600, server.sipHostPort());
        assertThat(ok.getStatusCode()).isEqualTo(200);
    }

    @Test
    void theAccountExecutorQueueIsMetered() {
        assertThat(server.bean(MeterRegistry.class).find("parloir.accounts.queue").gauge()).isNotNull();
        assertThat(server.bean(MeterRegistry.class).find("parloir.directory.queue").gauge()).isNotNull();
    }
}
