package org.parloir.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.parloir.directory.api.ScramCredentials;
import org.parloir.directory.api.ScramCredentials.ScramAlgorithm;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Local accounts in the database (table {@code account}, Flyway V2). Portable SQL for H2 and PostgreSQL; blocking,
 * so called on the account store's executor only. Local parts are matched case-insensitively through the
 * lower-cased {@code local_key} column, which a unique constraint also guards.
 */
final class AccountTable {

    /** One row, as read. */
    record Row(String domain, String localPart, String displayName, String telephoneNumber, AccountSecrets secrets) {
    }

    private static final String SECRET_COLUMNS = "scram_sha1_salt, scram_sha1_iterations, scram_sha1_stored_key,"
            + " scram_sha1_server_key, scram_sha256_salt, scram_sha256_iterations, scram_sha256_stored_key,"
            + " scram_sha256_server_key, ha1_md5, ha1_sha256";

    private final JdbcTemplate jdbc;

    AccountTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static String key(String localPart) {
        return localPart.toLowerCase(Locale.ROOT);
    }

    Optional<Row> find(String domain, String localPart) {
        List<Row> rows = jdbc.query("SELECT domain, local_part, display_name, telephone_number, " + SECRET_COLUMNS
                + " FROM account WHERE domain = ? AND local_key = ?", AccountTable::row, domain, key(localPart));
        return rows.stream().findFirst();
    }

    /** Inserts a new account; false when one with that local part (in any letter case) exists. */
    boolean insert(Row row, long nowMillis) {
        Object[] secrets = secretValues(row.secrets());
        Object[] args = new Object[5 + secrets.length + 1];
        args[0] = row.domain();
        args[1] = row.localPart();
        args[2] = key(row.localPart());
        args[3] = row.displayName();
        args[4] = row.telephoneNumber();
        System.arraycopy(secrets, 0, args, 5, secrets.length);
        args[args.length - 1] = nowMillis;
        try {
            // a plain INSERT: of two concurrent registrations the database lets exactly one through
            jdbc.update("INSERT INTO account (domain, local_part, local_key, display_name, telephone_number, "
                    + SECRET_COLUMNS + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Replaces the password secrets; false when the account does not exist. */
    boolean updateSecrets(String domain, String localPart, AccountSecrets secrets) {
        Object[] values = secretValues(secrets);
        Object[] args = new Object[values.length + 2];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = domain;
        args[values.length + 1] = key(localPart);
        return jdbc.update("UPDATE account SET scram_sha1_salt = ?, scram_sha1_iterations = ?,"
                + " scram_sha1_stored_key = ?, scram_sha1_server_key = ?, scram_sha256_salt = ?,"
                + " scram_sha256_iterations = ?, scram_sha256_stored_key = ?, scram_sha256_server_key = ?,"
                + " ha1_md5 = ?, ha1_sha256 = ? WHERE domain = ? AND local_key = ?", args) == 1;
    }

    /** Deletes the account; false when it did not exist. */
    boolean delete(String domain, String localPart) {
        return jdbc.update("DELETE FROM account WHERE domain = ? AND local_key = ?", domain, key(localPart)) == 1;
    }

    private static Object[] secretValues(AccountSecrets s) {
        Object[] sha1 = scramValues(s.sha1());
        Object[] sha256 = scramValues(s.sha256());
        return new Object[] {sha1[0], sha1[1], sha1[2], sha1[3], sha256[0], sha256[1], sha256[2], sha256[3],
                s.ha1().md5(), s.ha1().sha256()};
    }

    private static Object[] scramValues(ScramCredentials c) {
        if (c == null) {
            return new Object[4];
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return new Object[] {b64.encodeToString(c.salt()), c.iterations(), b64.encodeToString(c.storedKey()),
                b64.encodeToString(c.serverKey())};
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        AccountSecrets secrets = new AccountSecrets(scram(rs, ScramAlgorithm.SHA_1, 5),
                scram(rs, ScramAlgorithm.SHA_256, 9), new DigestHa1(rs.getString(13), rs.getString(14)));
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), secrets);
    }

    /** The four SCRAM columns starting at {@code first}; null when the account has no key for that function. */
    private static ScramCredentials scram(ResultSet rs, ScramAlgorithm algorithm, int first) throws SQLException {
        String salt = rs.getString(first);
        String storedKey = rs.getString(first + 2);
        String serverKey = rs.getString(first + 3);
        if (salt == null || storedKey == null || serverKey == null) {
            return null;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new ScramCredentials(algorithm, b64.decode(salt), rs.getInt(first + 1), b64.decode(storedKey),
                b64.decode(serverKey));
    }
}
