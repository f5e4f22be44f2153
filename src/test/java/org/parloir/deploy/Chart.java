package org.parloir.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.Yaml;

/** The Helm chart rendered in-process by helm-java (no binary), and navigation in the rendered objects. */
final class Chart {

  static final Path CHART = Path.of(System.getProperty("user.dir"), "helm", "parloir");
  static final String RELEASE = "voip";
  static final String FULLNAME = "voip-parloir";

  private Chart() {
  }

  static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> options) {
    String rendered = options.apply(new Helm(CHART).template().withName(RELEASE)).call();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(rendered)) {
      if (doc != null) { // empty documents, e.g. a template whose condition is false
        objects.add(cast(doc));
      }
    }
    return objects;
  }

  static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(name(o)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
  }

  static Map<String, Object> deployment(List<Map<String, Object>> objects) {
    return find(objects, "Deployment", FULLNAME);
  }

  static Map<String, Object> podSpec(Map<String, Object> deployment) {
    return map(map(map(deployment, "spec"), "template"), "spec");
  }

  static Map<String, Object> container(Map<String, Object> deployment) {
    return list(podSpec(deployment), "containers").get(0);
  }

  static String name(Map<String, Object> object) {
    return (String) map(object, "metadata").get("name");
  }

  static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return cast(parent.get(key));
  }

  static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    assertThat(parent).containsKey(key);
    return cast(parent.get(key));
  }

  @SuppressWarnings("unchecked")
  static <T> T cast(Object value) {
    return (T) value;
  }
}
