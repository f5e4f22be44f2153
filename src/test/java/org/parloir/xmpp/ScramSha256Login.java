package org.parloir.xmpp;

import com.ongres.scram.client.ScramClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.parloir.testing.RawXmpp;

/** A SCRAM-SHA-256 login driven by the ongres SCRAM client over STARTTLS, returning "success" or the failure. */
final class ScramSha256Login {

    private static final Pattern PAYLOAD = Pattern.compile("<(challenge|success|failure)[^>]*?(?:/>|>(.*?)</\\1>)",
            Pattern.DOTALL);

    private ScramSha256Login() {
    }

    static String login(int port, SSLContext tls, String domain, String user, String password) throws Exception {
        try (RawXmpp plain = new RawXmpp(port)) {
            plain.send(RawXmpp.HEADER.formatted(domain));
            plain.readUntil("</stream:features>");
            plain.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            plain.readUntil("<proceed");
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain.socket(), "127.0.0.1", port, true)) {
                return overTls(socket, domain, user, password);
            }
        }
    }

    /** The same on the direct-TLS port (XEP-0368). */
    static String loginDirectTls(int port, SSLContext tls, String domain, String user, String password)
            throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            return overTls(socket, domain, user, password);
        }
    }

    private static String overTls(SSLSocket socket, String domain, String user, String password) throws Exception {
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        TlsStream s = new TlsStream(socket);
        s.send(RawXmpp.HEADER.formatted(domain));
        String features = s.readUntil("</stream:features>");
        if (!features.contains("SCRAM-SHA-256")) {
            return "not offered";
        }
        ScramClient client = ScramClient.builder().advertisedMechanisms(java.util.List.of("SCRAM-SHA-256"))
                .username(user).password(password.toCharArray()).build();
        String first = client.clientFirstMessage().toString();
        s.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>" + b64(first) + "</auth>");
        Matcher m = next(s);
        if (!m.group(1).equals("challenge")) {
            return m.group(0);
        }
        client.serverFirstMessage(unb64(m.group(2)));
        String fin = client.clientFinalMessage().toString();
        s.send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + b64(fin) + "</response>");
        m = next(s);
        if (m.group(1).equals("success")) {
            client.serverFinalMessage(unb64(m.group(2)));
            return "success";
        }
        return m.group(2) != null && m.group(2).contains("not-authorized") ? "not-authorized" : m.group(0);
    }

    private static Matcher next(TlsStream s) throws Exception {
        String text = s.readUntilAny("</challenge>", "</success>", "<success/>", "</failure>");
        Matcher m = PAYLOAD.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no SASL answer in " + text);
        }
        return m;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s.trim()), StandardCharsets.UTF_8);
    }

    /** Minimal reader/writer over the TLS socket. */
    private static final class TlsStream {
        private final SSLSocket socket;
        private final StringBuilder pending = new StringBuilder();

        TlsStream(SSLSocket socket) {
            this.socket = socket;
        }

        void send(String text) throws Exception {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }

        String readUntil(String marker) throws Exception {
            return readUntilAny(marker);
        }

        String readUntilAny(String... markers) throws Exception {
            byte[] buf = new byte[4096];
            while (true) {
                for (String marker : markers) {
                    int at = pending.indexOf(marker);
                    if (at >= 0) {
                        String out = pending.substring(0, at + marker.length());
                        pending.delete(0, at + marker.length());
                        return out;
                    }
                }
                int n = socket.getInputStream().read(buf);
                if (n < 0) {
                    throw new IllegalStateException("closed; got " + pending);
                }
                pending.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        }
    }
}
