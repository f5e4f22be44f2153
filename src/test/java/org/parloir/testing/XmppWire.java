package org.parloir.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal XMPP client on a plain socket for load-shaped tests (thousands of registrations and logins, where a
 * Smack connection each costs too much): stream header, XEP-0077 registration, SASL PLAIN. Needs a server with
 * {@code parloir.xmpp.tls.required=false} and {@code parloir.xmpp.sasl.plain-without-tls=true}.
 */
public final class XmppWire implements AutoCloseable {

    private static final Pattern FEATURES = Pattern.compile("</stream:features>");
    private static final Pattern REGISTERED = Pattern.compile("<iq[^>]*id=['\"]r1['\"][^>]*?(/>|>.*?</iq>)",
            Pattern.DOTALL);
    private static final Pattern SASL = Pattern.compile("<(success|failure)[^>]*?(/>|>.*?</\\1>)", Pattern.DOTALL);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder received = new StringBuilder();
    private final String domain;

    public XmppWire(int port, String domain) throws IOException {
        this.domain = domain;
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        send(RawXmpp.HEADER.formatted(domain));
        await(FEATURES);
    }

    /** Registers in-band; returns the server's answer (an IQ result or error). */
    public String register(String user, String password) throws IOException {
        send("<iq type='set' id='r1'><query xmlns='jabber:iq:register'><username>" + user + "</username><password>"
                + password + "</password></query></iq>");
        return await(REGISTERED);
    }

    /** SASL PLAIN; true when the server answered success. */
    public boolean login(String user, String password) throws IOException {
        String creds = "\0" + user + "\0" + password;
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)) + "</auth>");
        return await(SASL).startsWith("<success");
    }

    public static boolean isResult(String iq) {
        return iq.matches("(?s)<iq[^>]*type=['\"]result['\"].*");
    }

    private void send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads until {@code pattern} matches what came since the last match; returns the matched text. */
    private String await(Pattern pattern) throws IOException {
        byte[] buffer = new byte[4096];
        while (true) {
            Matcher m = pattern.matcher(received);
            if (m.find()) {
                String found = received.substring(m.start(), m.end());
                received.delete(0, m.end());
                return found;
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("closed by the server (" + domain + "); received: " + received);
            }
            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            send("</stream:stream>");
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }
}
