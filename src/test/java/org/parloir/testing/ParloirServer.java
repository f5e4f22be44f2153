package org.parloir.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parloir.ParloirApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real application for integration tests: loopback SIP on a free port, embedded LDAP on a free port, H2 in a
 * given folder (so a second start finds the first one's data, the CDR spool too), random HTTP and management ports.
 */
public final class ParloirServer implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "test-admin-secret";

    private final Map<String, String> props = new LinkedHashMap<>();
    private final List<Class<?>> sources = new ArrayList<>(List.of(ParloirApplication.class));
    private ConfigurableApplicationContext context;

    public ParloirServer(Path dataDir) {
        this(dataDir, FreePorts.udpAndTcp());
    }

    public ParloirServer(Path dataDir, int sipPort) {
        props.put("parloir.sip.bind-address", "127.0.0.1");
        props.put("parloir.sip.port", Integer.toString(sipPort));
        props.put("parloir.sip.tls-port", Integer.toString(FreePorts.tcp()));
        props.put("parloir.sip.udp-receive-buffer", "1048576");
        props.put("parloir.ldap.embedded.port", "0");
        props.put("parloir.admin.password", ADMIN_PASSWORD);
        props.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("parloir").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE");
        props.put("parloir.xmpp.bind-address", "127.0.0.1");
        props.put("parloir.xmpp.c2s-port", Integer.toString(FreePorts.tcp()));
        props.put("parloir.xmpp.c2s-tls-port", Integer.toString(FreePorts.tcp()));
        props.put("parloir.tls.generated-key-store", dataDir.resolve("tls-self-signed.p12").toAbsolutePath().toString());
        props.put("parloir.cdr.spool-dir", dataDir.resolve("cdr-spool").toAbsolutePath().toString());
        props.put("server.port", "0");
        props.put("management.server.port", "0");
    }

    /** Sets a property; a null value removes one set by default (e.g. the H2 {@code spring.datasource.url}). */
    public ParloirServer with(String key, String value) {
        props.put(key, value);
        return this;
    }

    public ParloirServer with(Map<String, String> more) {
        props.putAll(more);
        return this;
    }

    /** A SIP TLS listening point on {@code port} serving the certificate of the PKCS#12 {@code keyStore}. */
    public ParloirServer withSipTls(Path keyStore, String password, int port) {
        return with("parloir.tls.key-store", keyStore.toString())
                .with("parloir.tls.key-store-password", password)
                .with("parloir.sip.tls-port", Integer.toString(port));
    }

    /** Adds a configuration class of the test's own, as a third party's jar would add an auto-configuration. */
    public ParloirServer withConfiguration(Class<?> configuration) {
        sources.add(configuration);
        return this;
    }

    public ParloirServer start() {
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> {
            if (v != null) {
                args.add("--" + k + "=" + v);
            }
        });
        SpringApplication app = new SpringApplication(sources.toArray(Class<?>[]::new));
        context = app.run(args.toArray(String[]::new));
        return this;
    }

    public int sipPort() {
        return Integer.parseInt(props.get("parloir.sip.port"));
    }

    public String sipHostPort() {
        return "127.0.0.1:" + sipPort();
    }

    public int sipTlsPort() {
        return Integer.parseInt(props.get("parloir.sip.tls-port"));
    }

    public int c2sPort() {
        return Integer.parseInt(props.get("parloir.xmpp.c2s-port"));
    }

    public int c2sTlsPort() {
        return Integer.parseInt(props.get("parloir.xmpp.c2s-tls-port"));
    }

    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    public int httpPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Every bean of {@code type}, by name. */
    public <T> Map<String, T> beans(Class<T> type) {
        return context.getBeansOfType(type);
    }

    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
