package org.parloir.aaa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.parloir.aaa.api.AuthorizationRequest;
import org.parloir.aaa.api.AuthorizationResult;
import org.parloir.aaa.api.CallAccounting;
import org.parloir.aaa.api.CallAuthorizer;
import org.parloir.aaa.api.CallPolicy;
import org.parloir.core.E164;
import org.parloir.core.UserAddress;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;

/** Wiring and validation of {@code parloir.aaa} (no sockets: no server is contacted). */
class AaaConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AaaProperties.class)
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Props.class, AaaConfiguration.class);

    @Test
    void withoutServersEveryCallIsAllowedLocallyAndAccountingIsOff() {
        runner.withPropertyValues("parloir.aaa.digest-domains=example.org").run(context -> {
            CallAuthorizer authorizer = context.getBean(CallAuthorizer.class);
            UserAddress alice = new UserAddress("alice", "example.org");
            AuthorizationResult result = authorizer.authorize(new AuthorizationRequest(alice, "alice",
                    alice.sipAor(), new E164("+441632960000"), "c1@h", Optional.empty())).toCompletableFuture().join();
            assertThat(result).isEqualTo(new AuthorizationResult.Accept(CallPolicy.unrestricted()));
            assertThat(authorizer.verifiesDigest("example.org")).isFalse();
            CallAccounting accounting = context.getBean(CallAccounting.class);
            assertThat(accounting.enabled()).isFalse();
            assertThat(accounting.newSessionId()).isNotEqualTo(accounting.newSessionId());
        });
    }

    @Test
    void theShippedConfigurationBindsToTheDefaults() throws Exception {
        var sources = new YamlPropertySourceLoader().load("application.yml",
                new FileSystemResource("config/application.yml"));
        AtomicReference<AaaProperties> defaults = new AtomicReference<>();
        runner.run(context -> defaults.set(context.getBean(AaaProperties.class)));
        runner.withInitializer(context -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst))
                .run(context -> assertThat(context.getBean(AaaProperties.class)).isEqualTo(defaults.get()));
    }

    @Test
    void defaults() {
        runner.run(context -> {
            AaaProperties props = context.getBean(AaaProperties.class);
            assertThat(props.radius().timeout()).hasSeconds(1);
            assertThat(props.radius().retries()).isEqualTo(2);
            assertThat(props.nasIdentifier()).isEqualTo("parloir");
            assertThat(props.interimInterval()).hasMinutes(5);
            assertThat(props.radiusConfigured()).isFalse();
        });
    }

    @Test
    void digestDomainsAreMatchedWithoutCase() {
        runner.withPropertyValues("parloir.aaa.radius.servers[0].address=127.0.0.1",
                "parloir.aaa.radius.servers[0].secret=x", "parloir.aaa.digest-domains=Example.ORG").run(context -> {
            assertThat(context.getBean(CallAuthorizer.class).verifiesDigest("example.org")).isTrue();
            assertThat(context.getBean(CallAuthorizer.class).verifiesDigest("EXAMPLE.org")).isTrue();
            assertThat(context.getBean(CallAuthorizer.class).verifiesDigest("other.org")).isFalse();
            assertThat(context.getBean(CallAccounting.class).enabled()).isTrue();
        });
    }

    @Test
    void wrongValuesStopStartUpNamingTheProperty() {
        for (List<String> wrong : List.of(
                List.of("parloir.aaa.radius.servers[0].address=radius:port", "parloir.aaa.radius.servers[0].secret=x"),
                List.of("parloir.aaa.radius.servers[0].address=radius"),
                List.of("parloir.aaa.policies.national.allowed-prefixes=33"),
                List.of("parloir.aaa.nas-ip-address=nas.example.org"),
                List.of("parloir.aaa.interim-interval=500ms"),
                List.of("parloir.aaa.radius.timeout=0s"),
                List.of("parloir.aaa.radius.retries=-1"))) {
            runner.withPropertyValues(wrong.toArray(String[]::new)).run(context -> assertThat(context)
                    .as(wrong.toString()).hasFailed().getFailure().rootCause().hasMessageContaining("parloir.aaa"));
        }
    }

    @Test
    void serverAddressesParseWithOrWithoutPort() {
        assertThat(server("radius.example.org")).extracting(AaaProperties.Server::host,
                AaaProperties.Server::accessPort).containsExactly("radius.example.org", 1812);
        assertThat(server("10.0.0.1:1645")).extracting(AaaProperties.Server::host,
                AaaProperties.Server::accessPort).containsExactly("10.0.0.1", 1645);
        assertThat(server("[2001:db8::1]:11812")).extracting(AaaProperties.Server::host,
                AaaProperties.Server::accessPort).containsExactly("2001:db8::1", 11812);
        assertThat(server("[2001:db8::1]")).extracting(AaaProperties.Server::host,
                AaaProperties.Server::accessPort).containsExactly("2001:db8::1", 1812);
    }

    @Test
    void theSecretIsNeverPrinted() {
        assertThat(server("10.0.0.1").toString()).doesNotContain("hush").contains("10.0.0.1");
    }

    private static AaaProperties.Server server(String address) {
        return new AaaProperties.Server(address, 1813, "hush");
    }
}
