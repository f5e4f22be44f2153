package org.parloir.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.InputStream;
import java.net.InetAddress;
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
 *
 * <p>The server lives in memory: what Parloir writes into it is also kept in the {@link DirectoryJournal}, before the
 * write is answered ({@link #written}), and laid over the seed at every start, so registrations, password changes and
 * deletions survive a restart or a crash.
 */
final class EmbeddedLdapServer implements AutoCloseable, LdapAccountWriter.Durability {

    /** The DN Parloir binds as to write (not an entry: an additional bind credential of the server). */
    static final String ADMIN_DN = "cn=parloir-admin";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedLdapServer.class);

    private final InMemoryDirectoryServer server;
    private final DirectoryJournal journal;
    private final String adminPassword = randomPassword();

    EmbeddedLdapServer(DirectoryProperties.Embedded cfg, DirectoryProperties.Mapping mapping,
                       DirectoryJournal journal) {
        this.journal = journal;
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
            config.setPasswordEncoders(null, new SshaPasswordEncoder());
            server = new InMemoryDirectoryServer(config);
            SeedFile seed = SeedFile.of(cfg.ldif());
            int entries;
            try (InputStream in = seed.open()) {
                entries = server.importFromLDIF(true, new LDIFReader(in));
            }
            int restored = restore();
            server.startListening();
            log.info("Embedded LDAP directory listening on ldap://127.0.0.1:{} ({} entries from {}, {} written by"
                    + " Parloir restored from the database)", port(), entries, seed, restored);
        } catch (LDAPException e) {
            throw new IllegalStateException("embedded LDAP directory failed to start: " + e.getMessage(), e);
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    /**
     * Lays the journal's entries over the seed: each replaces the seed's entry of its DN, or is added; a tombstone
     * deletes it.
     */
    private int restore() throws LDAPException {
        int restored = 0;
        for (DirectoryJournal.Kept kept : journal.entries()) {
            if (kept.removed()) {
                if (server.getEntry(kept.dnKey()) != null) {
                    server.delete(kept.dnKey());
                }
            } else {
                put(entry(kept.ldif()));
            }
            restored++;
        }
        return restored;
    }

    private static Entry entry(String ldif) throws LDAPException {
        try {
            return new Entry(ldif.split("\n"));
        } catch (LDIFException e) {
            throw new LDAPException(ResultCode.DECODING_ERROR, "a kept directory entry is not LDIF: "
                    + e.getMessage(), e);
        }
    }

    private void put(Entry entry) throws LDAPException {
        if (server.getEntry(entry.getDN()) != null) {
            server.delete(entry.getDN());
        }
        server.add(entry);
    }

    @Override
    public String state(String dn) {
        try {
            ReadOnlyEntry entry = server.getEntry(dn);
            return entry == null ? null : entry.toLDIFString();
        } catch (LDAPException e) {
            throw new IllegalStateException("embedded directory: cannot read " + dn + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void written(String dn, String before) {
        String key;
        String now;
        try {
            key = new DN(dn).toNormalizedString();
            now = state(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("not a DN: " + dn, e);
        }
        try {
            if (now == null) {
                journal.removed(key);
            } else {
                journal.save(key, now);
            }
        } catch (RuntimeException e) {
            // not durable, so not done: put the entry back as it was, and let the caller answer an error
            undo(dn, before);
            throw e;
        }
    }

    private void undo(String dn, String before) {
        try {
            if (before == null) {
                if (server.getEntry(dn) != null) {
                    server.delete(dn);
                }
            } else {
                put(entry(before));
            }
        } catch (LDAPException e) {
            log.error("embedded directory: a write to {} that could not be kept is still in memory: {}", dn,
                    e.getMessage());
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
