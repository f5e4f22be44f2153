package org.parloir.directory;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded directory: a real LDAP server (UnboundID in-memory) on a loopback port, seeded from an LDIF file,
 * so the default run needs no external service. Passwords may be stored in clear or as {@code {SSHA}}.
 *
 * <p>Reads are anonymous; writes (account registration) need a bind as {@link #ADMIN_DN}, whose password is drawn
 * at each start and known only to this process.
 */
final class EmbeddedLdapServer implements AutoCloseable {

    /** The DN Parloir binds as to write (not an entry: an additional bind credential of the server). */
    static final String ADMIN_DN = "cn=parloir-admin";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedLdapServer.class);

    private final InMemoryDirectoryServer server;
    private final String adminPassword = randomPassword();

    EmbeddedLdapServer(DirectoryProperties.Embedded cfg, DirectoryProperties.Mapping mapping) {
        try {
            InMemoryDirectoryServerConfig config =
                    new InMemoryDirectoryServerConfig(cfg.baseDns().toArray(String[]::new));
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig(
                    "loopback", InetAddress.getLoopbackAddress(), cfg.port(), null));
            config.addAdditionalBindCredentials(ADMIN_DN, adminPassword);
            config.setAuthenticationRequiredOperationTypes(EnumSet.of(OperationType.ADD, OperationType.DELETE,
                    OperationType.MODIFY, OperationType.MODIFY_DN));
            config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), parloirSchema()));
            // without an index every search by mail scans all entries (1,000 bench users: most of its CPU)
            config.setEqualityIndexAttributes(mapping.mail(), mapping.uid());
            // clear-text values stay clear (usable for digest); {SSHA} values are verified on bind
            config.setPasswordEncoders(null, new SaltedMessageDigestInMemoryPasswordEncoder("{SSHA}",
                    Base64PasswordEncoderOutputFormatter.getInstance(), MessageDigest.getInstance("SHA-1"), 8,
                    true, true));
            server = new InMemoryDirectoryServer(config);
            File ldif = new File(cfg.ldif());
            if (!ldif.isFile()) {
                throw new IllegalStateException(
                        "parloir.ldap.embedded.ldif: seed file not found: " + ldif.getAbsolutePath());
            }
            int entries = server.importFromLDIF(true, ldif);
            server.startListening();
            log.info("Embedded LDAP directory listening on ldap://127.0.0.1:{} ({} entries from {})",
                    port(), entries, ldif);
        } catch (LDAPException e) {
            throw new IllegalStateException("embedded LDAP directory failed to start: " + e.getMessage(), e);
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    private static Schema parloirSchema() throws Exception {
        try (InputStream in = EmbeddedLdapServer.class.getResourceAsStream("parloir-schema.ldif")) {
            return Schema.getSchema(in);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    String adminPassword() {
        return adminPassword;
    }

    int port() {
        return server.getListenPort();
    }

    String url() {
        return "ldap://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
