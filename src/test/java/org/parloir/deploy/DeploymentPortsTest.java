package org.parloir.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parloir.deploy.Chart.cast;
import static org.parloir.deploy.Chart.container;
import static org.parloir.deploy.Chart.deployment;
import static org.parloir.deploy.Chart.list;
import static org.parloir.deploy.Chart.map;
import static org.parloir.deploy.Chart.podSpec;
import static org.parloir.deploy.Chart.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * One list of ports, three places that must agree: the chart's values are the source of truth; the application's
 * packed defaults ({@code config/application.yml}, which the jar carries), the image's {@code EXPOSE}, user and
 * health check, and the chart's rendered container ports and probes must say the same. No Docker engine is
 * needed: the Dockerfile is read as text.
 */
class DeploymentPortsTest {

  private static final Path ROOT = Path.of(System.getProperty("user.dir"));

  private final Map<String, Object> values = yaml(ROOT.resolve("helm/parloir/values.yaml"));
  private final Map<String, Object> app = yaml(ROOT.resolve("config/application.yml"));
  private final Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("docker/Dockerfile"));

  @Test
  void applicationDefaultsAreTheChartsPorts() {
    Map<String, Object> sip = map(map(app, "parloir"), "sip");
    Map<String, Object> xmpp = map(map(app, "parloir"), "xmpp");
    assertThat(sip.get("port")).isEqualTo(value("sip", "port"));
    assertThat(sip.get("tls-port")).isEqualTo(value("sip", "tls", "port"));
    assertThat(xmpp.get("c2s-port")).isEqualTo(value("xmpp", "c2sPort"));
    assertThat(xmpp.get("c2s-tls-port")).isEqualTo(value("xmpp", "directTlsPort"));
    assertThat(map(app, "server").get("port")).isEqualTo(value("http", "port"));
    assertThat(map(map(app, "management"), "server").get("port")).isEqualTo(value("management", "port"));
  }

  @Test
  void theImageExposesExactlyTheChartsContainerPorts() {
    Set<String> container = list(container(deployment(render(t -> t))), "ports").stream()
        .map(p -> p.get("containerPort") + "/" + p.get("protocol").toString().toLowerCase())
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(dockerfile.exposed()).isEqualTo(container).isEqualTo(new TreeSet<>(Set.of(
        value("sip", "port") + "/udp", value("sip", "port") + "/tcp", value("sip", "tls", "port") + "/tcp",
        value("xmpp", "c2sPort") + "/tcp", value("xmpp", "directTlsPort") + "/tcp",
        value("http", "port") + "/tcp", value("management", "port") + "/tcp")));
  }

  @Test
  void theImageRunsAsThePodsUser() {
    Map<String, Object> deployment = deployment(render(t -> t));

    assertThat(dockerfile.user()).isEqualTo(map(podSpec(deployment), "securityContext").get("runAsUser") + ":"
        + map(podSpec(deployment), "securityContext").get("runAsGroup"));
    assertThat(map(container(deployment), "securityContext").get("runAsUser"))
        .isEqualTo(map(podSpec(deployment), "securityContext").get("runAsUser"));
  }

  @Test
  void theImagesHealthCheckIsTheChartsReadinessProbe() {
    Map<String, Object> container = container(deployment(render(t -> t)));
    Map<String, Object> probe = map(map(container, "readinessProbe"), "httpGet");
    Object probePort = list(container, "ports").stream().filter(p -> probe.get("port").equals(p.get("name")))
        .map(p -> p.get("containerPort")).findFirst().orElse(probe.get("port"));

    assertThat(dockerfile.healthCheck()).isEqualTo("http://127.0.0.1:" + probePort + probe.get("path"));
    assertThat(probePort).isEqualTo(value("management", "port"));
  }

  private Object value(String... path) {
    Map<String, Object> node = values;
    for (int i = 0; i < path.length - 1; i++) {
      node = map(node, path[i]);
    }
    return node.get(path[path.length - 1]);
  }

  private static Map<String, Object> yaml(Path file) {
    try {
      return cast(new Yaml().load(Files.readString(file)));
    } catch (IOException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }

  /** The instructions of the run stage that matter here, from the Dockerfile's text (continuations joined). */
  record Dockerfile(Set<String> exposed, String user, String healthCheck) {

    private static final Pattern CURL_URL = Pattern.compile("curl\\s[^|]*?(https?://\\S+)");

    static Dockerfile read(Path file) {
      List<String> lines;
      try {
        lines = Arrays.asList(Files.readString(file).replaceAll("\\\\\\n\\s*", " ").split("\n"));
      } catch (IOException e) {
        throw new IllegalStateException(file + ": " + e.getMessage(), e);
      }
      Set<String> exposed = new TreeSet<>();
      String user = null;
      String health = null;
      for (String line : lines) {
        String[] words = line.trim().split("\\s+", 2);
        switch (words[0]) {
          case "EXPOSE" -> exposed.addAll(Arrays.stream(words[1].split("\\s+"))
              .map(p -> p.contains("/") ? p : p + "/tcp").toList());
          case "USER" -> user = words[1].trim();
          case "HEALTHCHECK" -> {
            Matcher m = CURL_URL.matcher(words[1]);
            assertThat(m.find()).as("HEALTHCHECK runs curl on a URL: %s", line).isTrue();
            health = m.group(1);
          }
          default -> { }
        }
      }
      return new Dockerfile(exposed, user, health);
    }
  }
}
