package org.parloir.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
    public static final String TLS_PASSWORD = "changeit";

    private final Map<String, String> props = new LinkedHashMap<>();
    private final List<Class<?>> sources = new ArrayList<>(List.of(ParloirApplication.class));
    private final List<Integer> gatewayPorts = new ArrayList<>();
    private final Path dataDir;
    private final Ports ports;
    private Path selfSignedSipTls;
    private int domains;
    private int radiusServers;
    private ConfigurableApplicationContext context;

    public ParloirServer(Path dataDir) {
        this(dataDir, Ports.FREE);
    }

    public ParloirServer(Path dataDir, int sipPort) {
        this(dataDir, Ports.FREE, sipPort);
    }

    /** A server whose own ports, and those of its gateways, come from {@code ports}. */
    public ParloirServer(Path dataDir, Ports ports) {
        this(dataDir, ports, ports.udpAndTcp());
    }

    private ParloirServer(Path dataDir, Ports ports, int sipPort) {
        this.dataDir = dataDir;
        this.ports = ports;
        props.put("parloir.sip.bind-address", "127.0.0.1");
        props.put("parloir.sip.port", Integer.toString(sipPort));
        props.put("parloir.sip.tls-port", Integer.toString(ports.tcp()));
        props.put("parloir.sip.udp-receive-buffer", "1048576");
        props.put("parloir.ldap.embedded.port", "0");
        props.put("parloir.admin.password", ADMIN_PASSWORD);
        props.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("parloir").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE");
        props.put("parloir.xmpp.bind-address", "127.0.0.1");
        props.put("parloir.xmpp.c2s-port", Integer.toString(ports.tcp()));
        props.put("parloir.xmpp.c2s-tls-port", Integer.toString(ports.tcp()));
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

    /**
     * A SIP TLS listening point on a port of its own with a self-signed certificate for 127.0.0.1, written at
     * {@link #start()} to {@link #sipTlsKeyStore()} (password {@value #TLS_PASSWORD}); the server trusts it too, so
     * that the proxy opens TLS connections to UAs presenting it.
     */
    public ParloirServer withSelfSignedSipTls() {
        selfSignedSipTls = dataDir.resolve("sip-tls.p12").toAbsolutePath();
        return withSipTls(selfSignedSipTls, TLS_PASSWORD, ports.udpAndTcp())
                .with("parloir.tls.trust-store", selfSignedSipTls.toString())
                .with("parloir.tls.trust-store-password", TLS_PASSWORD);
    }

    /** {@code parloir.sip.routing.region}: the ISO region of national numbers. */
    public ParloirServer region(String isoRegion) {
        return with("parloir.sip.routing.region", isoRegion);
    }

    /** {@code parloir.sip.routing.mode}: devices, phone or devices-then-phone. */
    public ParloirServer routingMode(String mode) {
        return with("parloir.sip.routing.mode", mode);
    }

    /** The next PSTN gateway, on a loopback port of its own: {@link #gatewayPort(int)}. */
    public ParloirServer gateway(GatewaySpec gateway) {
        return gateway(gateway, ports.udpAndTcp());
    }

    /** The next PSTN gateway on a given loopback port (servers that take turns with one SIPp gateway). */
    public ParloirServer gateway(GatewaySpec gateway, int port) {
        with(gateway.properties(gatewayPorts.size(), port));
        gatewayPorts.add(port);
        return this;
    }

    /** The next served domain, whose people are under {@code ldapBase} in the directory. */
    public ParloirServer directoryDomain(String name, String ldapBase) {
        String p = "parloir.domains[" + domains++ + "].";
        return with(p + "name", name).with(p + "ldap-base", ldapBase);
    }

    /** The next served domain, of local accounts (created by registration). */
    public ParloirServer localDomain(String name) {
        String p = "parloir.domains[" + domains++ + "].";
        return with(p + "name", name).with(p + "accounts", "local");
    }

    /** The next RADIUS server ({@code parloir.aaa.radius.servers[i]}), on loopback. */
    public ParloirServer radius(int authPort, int acctPort, String secret) {
        String p = "parloir.aaa.radius.servers[" + radiusServers++ + "].";
        return with(p + "address", "127.0.0.1:" + authPort).with(p + "accounting-port", Integer.toString(acctPort))
                .with(p + "secret", secret);
    }

    /** Adds a configuration class of the test's own, as a third party's jar would add an auto-configuration. */
    public ParloirServer withConfiguration(Class<?> configuration) {
        sources.add(configuration);
        return this;
    }

    public ParloirServer start() {
        if (selfSignedSipTls != null && !Files.exists(selfSignedSipTls)) {
            try {
                TestCertificates.selfSignedPkcs12(selfSignedSipTls, TLS_PASSWORD, "127.0.0.1");
            } catch (Exception e) {
                throw new IllegalStateException("cannot write " + selfSignedSipTls, e);
            }
        }
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

    /** Every property this server starts (or started) with, in the order set. */
    public Map<String, String> properties() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(props));
    }

    /** The configuration classes of the test's own ({@link #withConfiguration(Class)}), in order. */
    public List<Class<?>> configurations() {
        return List.copyOf(sources.subList(1, sources.size()));
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The loopback port of gateway number {@code index}, in the order of {@link #gateway(GatewaySpec)}. */
    public int gatewayPort(int index) {
        return gatewayPorts.get(index);
    }

    /** The PKCS#12 file of {@link #withSelfSignedSipTls()}. */
    public Path sipTlsKeyStore() {
        if (selfSignedSipTls == null) {
            throw new IllegalStateException("no withSelfSignedSipTls()");
        }
        return selfSignedSipTls;
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
