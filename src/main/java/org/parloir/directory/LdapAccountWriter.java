package org.parloir.directory;

import java.security.SecureRandom;
import javax.naming.Name;
import org.parloir.core.UserAddress;
import org.springframework.ldap.NameAlreadyBoundException;
import org.springframework.ldap.core.DirContextAdapter;
import org.springframework.ldap.core.DirContextOperations;
import org.springframework.ldap.core.LdapOperations;
import org.springframework.ldap.support.LdapNameBuilder;

/**
 * Writes (and deletes) accounts in the embedded directory, bound as its administrator: entries
 * {@code uid=<local>,<ldap-base>} of class inetOrgPerson + parloirSipAccount with an {@code {SSHA}} userPassword
 * and the digest HA1 values for the realm. Blocking: runs on the directory executor only.
 */
final class LdapAccountWriter {

    /** Where an entry's new state is made durable before the write counts as done. */
    interface Durability {

        /** The entry's current state (LDIF), or null when there is none. */
        String state(String dn);

        /**
         * Makes {@code dn}'s current state durable; on failure restores {@code before} (null: no entry) and throws.
         */
        void written(String dn, String before);
    }

    private static final String SIP_ACCOUNT_CLASS = "parloirSipAccount";

    private final LdapOperations ldap;
    private final DirectoryProperties.Mapping mapping;
    private final SecureRandom random;
    private final Durability durability;

    LdapAccountWriter(LdapOperations ldap, DirectoryProperties.Mapping mapping, SecureRandom random,
                      Durability durability) {
        this.ldap = ldap;
        this.mapping = mapping;
        this.random = random;
        this.durability = durability;
    }

    /** Adds the entry; false when an entry with that DN exists (the RDN value is compared ignoring case). */
    boolean create(UserAddress address, String base, String realm, String password) {
        // LdapNameBuilder escapes DN metacharacters of the local part (RFC 4514 §2.4)
        Name dn = LdapNameBuilder.newInstance(base).add(mapping.uid(), address.local()).build();
        DirContextAdapter entry = new DirContextAdapter(dn);
        entry.setAttributeValues("objectClass",
                new Object[] {"top", "person", "organizationalPerson", "inetOrgPerson", SIP_ACCOUNT_CLASS});
        entry.setAttributeValue("cn", address.local());
        entry.setAttributeValue("sn", address.local());
        entry.setAttributeValue(mapping.displayName(), address.local());
        entry.setAttributeValue(mapping.uid(), address.local());
        entry.setAttributeValue(mapping.mail(), address.toString());
        setSecrets(entry, address.local(), realm, password);
        try {
            ldap.bind(entry);
        } catch (NameAlreadyBoundException e) {
            return false;
        }
        // issue 9: "registered" is answered only once the entry is in the database too
        durability.written(dn.toString(), null);
        return true;
    }

    /** Replaces the password and HA1 values of the entry {@code dn}, whose digest username is {@code uid}. */
    void changePassword(String dn, String uid, String realm, String password) {
        String before = durability.state(dn);
        DirContextOperations entry = ldap.lookupContext(dn);
        // an entry from the seed may lack the auxiliary class that allows the HA1 attributes
        entry.addAttributeValue("objectClass", SIP_ACCOUNT_CLASS);
        setSecrets(entry, uid, realm, password);
        ldap.modifyAttributes(entry);
        durability.written(dn, before);
    }

    /** Deletes the entry {@code dn} (a person: a leaf), durably: its deletion is journaled before this returns. */
    void delete(String dn) {
        String before = durability.state(dn);
        ldap.unbind(dn);
        durability.written(dn, before);
    }

    private void setSecrets(DirContextOperations entry, String uid, String realm, String password) {
        DigestHa1 ha1 = DigestHa1.of(uid, realm, password);
        entry.setAttributeValue(mapping.password(), SshaPassword.hash(password, random));
        entry.setAttributeValue(mapping.ha1Md5(), ha1.md5());
        entry.setAttributeValue(mapping.ha1Sha256(), ha1.sha256());
    }
}
