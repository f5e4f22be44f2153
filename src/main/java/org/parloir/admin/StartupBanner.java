package org.parloir.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parloir.ParloirApplication;
import org.parloir.core.DomainsProperties;
import org.parloir.core.Listener;
import org.parloir.core.ListenerSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the server is ready, one log entry says what listens where, which domains are served, where the data is
 * and how to log in as administrator, as Prosody and ejabberd print at start.
 */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final ObjectProvider<ListenerSource> sources;
    private final DomainsProperties domains;
    private final AdminCredentials admin;
    private final Environment env;
    /** Bound HTTP ports by server namespace: "" for the main server, "management" for Actuator's own. */
    private final Map<String, Integer> webPorts = new ConcurrentHashMap<>();

    StartupBanner(ObjectProvider<ListenerSource> sources, DomainsProperties domains, AdminCredentials admin,
                  Environment env) {
        this.sources = sources;
        this.domains = domains;
        this.admin = admin;
        this.env = env;
    }

    @EventListener
    void webServerStarted(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        webPorts.put(namespace == null ? "" : namespace, event.getWebServer().getPort());
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        log.info("{}", text(event.getTimeTaken() == null ? -1 : event.getTimeTaken().toMillis()));
    }

    String text(long startMillis) {
        List<Listener> listeners = new ArrayList<>();
        sources.orderedStream().forEach(s -> listeners.addAll(s.listeners()));
        Integer http = webPorts.get("");
        if (http != null) {
            listeners.add(new Listener("HTTP", "tcp", env.getProperty("server.address", "0.0.0.0"), http, ""));
        }
        Integer management = webPorts.getOrDefault("management", http);
        if (management != null) {
            listeners.add(new Listener("Management", "tcp",
                    env.getProperty("management.server.address", env.getProperty("server.address", "0.0.0.0")),
                    management, "/actuator; /actuator/health is public"));
        }
        String version = ParloirApplication.class.getPackage().getImplementationVersion();
        return BannerText.format(version == null ? "(development build)" : version, startMillis, listeners,
                domains.domains(), database(), admin.bannerLine());
    }

    /** The JDBC URL without its options (which may carry credentials). */
    private String database() {
        String url = env.getProperty("spring.datasource.url", "(none)");
        int options = url.indexOf(';');
        int query = url.indexOf('?');
        int cut = options < 0 ? query : query < 0 ? options : Math.min(options, query);
        return cut < 0 ? url : url.substring(0, cut);
    }
}
