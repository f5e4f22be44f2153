package org.parloir.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parloir.testing.ParloirServer;
import org.parloir.testing.XmppWire;

/**
 * Issue 9: an acknowledged registration is always usable. Thousands of in-band registrations in parallel, in the
 * embedded directory and in local accounts, then every account logs in once, in parallel too. Before the fix a few
 * in ten thousand first logins were refused: concurrent LDAP binds shared UnboundID's one SHA-1 digest.
 */
class ConcurrentRegistrationIT {

    private static final int DIRECTORY_ACCOUNTS = 2000;
    private static final int LOCAL_ACCOUNTS = 400;
    private static final int IN_FLIGHT = 32;

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedRegistrationLogsIn() throws Exception {
        try (ParloirServer server = XmppTestServers.twoDomains(data)
                .with("parloir.xmpp.tls.required", "false")
                .with("parloir.xmpp.sasl.plain-without-tls", "true")
                .with("parloir.xmpp.registration.per-address-per-minute", "100000")
                .with("parloir.xmpp.limits.connections-per-ip", "1000")
                .start()) {
            List<Account> accounts = new java.util.ArrayList<>();
            for (int i = 0; i < DIRECTORY_ACCOUNTS; i++) {
                accounts.add(new Account("example.org", "load" + i, "pw-" + i));
            }
            for (int i = 0; i < LOCAL_ACCOUNTS; i++) {
                accounts.add(new Account("chat.test", "load" + i, "pw-" + i));
            }
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            inParallel(accounts, a -> {
                try (XmppWire wire = new XmppWire(server.c2sPort(), a.domain())) {
                    String answer = wire.register(a.user(), a.password());
                    if (!XmppWire.isResult(answer)) {
                        failures.add("registration of " + a + ": " + answer);
                    }
                }
            }, failures);
            assertThat(failures).as("registrations refused").isEmpty();

            inParallel(accounts, a -> {
                try (XmppWire wire = new XmppWire(server.c2sPort(), a.domain())) {
                    if (!wire.login(a.user(), a.password())) {
                        failures.add("first login of " + a + " refused");
                    }
                }
            }, failures);
            assertThat(failures).as("registered accounts whose first login was refused").isEmpty();
        }
    }

    private record Account(String domain, String user, String password) {
        @Override
        public String toString() {
            return user + "@" + domain;
        }
    }

    private interface Step {
        void run(Account account) throws Exception;
    }

    private static void inParallel(List<Account> accounts, Step step, Queue<String> failures) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Account a : accounts) {
                slots.acquire();
                pool.submit(() -> {
                    try {
                        step.run(a);
                    } catch (Exception e) {
                        failures.add(a + ": " + e);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }
}
