package org.parloir.directory;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ResultCode;
import java.security.SecureRandom;
import java.util.List;

/**
 * {@code {SSHA}} passwords of the embedded directory, safe for concurrent binds. UnboundID's
 * {@code SaltedMessageDigestInMemoryPasswordEncoder} shares one {@code MessageDigest} between all threads, and the
 * in-memory server verifies simple binds under a read lock, so concurrent binds corrupted each other's digests: a
 * correct password was now and then refused (22 of 10,000 first logins after in-band registration, issue 9).
 */
final class SshaPasswordEncoder extends InMemoryPasswordEncoder {

    private final SecureRandom random = new SecureRandom();

    SshaPasswordEncoder() {
        super(SshaPassword.PREFIX, Base64PasswordEncoderOutputFormatter.getInstance());
    }

    @Override
    protected byte[] encodePassword(byte[] clearPassword, ReadOnlyEntry userEntry,
                                    List<Modification> modifications) {
        byte[] salt = new byte[8];
        synchronized (random) {
            random.nextBytes(salt);
        }
        return SshaPassword.encode(clearPassword, salt);
    }

    @Override
    protected void ensurePreEncodedPasswordAppearsValid(byte[] unPrefixedUnFormattedEncodedPasswordBytes,
                                                        ReadOnlyEntry userEntry, List<Modification> modifications)
            throws LDAPException {
        if (unPrefixedUnFormattedEncodedPasswordBytes.length <= SshaPassword.DIGEST_BYTES) {
            throw new LDAPException(ResultCode.PARAM_ERROR, "an {SSHA} value holds a SHA-1 digest and a salt");
        }
    }

    @Override
    protected boolean passwordMatches(byte[] clearPasswordBytes, byte[] unPrefixedUnFormattedEncodedPasswordBytes,
                                      ReadOnlyEntry userEntry) {
        return SshaPassword.matches(clearPasswordBytes, unPrefixedUnFormattedEncodedPasswordBytes);
    }

    @Override
    protected byte[] extractClearPassword(byte[] unPrefixedUnFormattedEncodedPasswordBytes, ReadOnlyEntry userEntry)
            throws LDAPException {
        throw new LDAPException(ResultCode.NOT_SUPPORTED, "an {SSHA} value cannot be reversed");
    }

    @Override
    public void toString(StringBuilder buffer) {
        buffer.append("SshaPasswordEncoder(prefix='{SSHA}')");
    }
}
