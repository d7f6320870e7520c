package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests are checked by the Kubernetes project's Java models (io.kubernetes:client-java-api
 * from Maven Central), generated from the Kubernetes OpenAPI schema: a field the schema does not
 * know or a required field left out fails, at any depth.
 */
class KubernetesFilesTest {
  private static final Gson GSON = new Gson();

  @Test
  void everyManifestPassesTheKubernetesSchema() throws IOException {
    List<JsonElement> documents = documents(KubernetesFiles.manifests("shop", "1.0"));
    assertEquals(
        List.of("ConfigMap", "Deployment", "Service"),
        documents.stream().map(d -> d.getAsJsonObject().get("kind").getAsString()).toList());
    for (JsonElement document : documents) {
      validate(document);
    }
  }

  @Test
  void aMisspelledFieldFailsTheSchema() {
    String misspelled =
        KubernetesFiles.manifests("shop", "1.0").replace("readinessProbe:", "readynessProbe:");
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              for (JsonElement document : documents(misspelled)) {
                validate(document);
              }
            });
    assertTrue(refused.getMessage().contains("readynessProbe"), refused.getMessage());
  }

  @Test
  void thePodsProbeTheHealthEndpointsDrainBeforeStoppingAndAnnounceTheirMetrics()
      throws IOException {
    V1Deployment deployment =
        V1Deployment.fromJson(
            GSON.toJson(documents(KubernetesFiles.manifests("shop", "1.0")).get(1)));
    V1Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("shop:1.0", container.getImage());
    assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());
    assertEquals("/readyz", container.getReadinessProbe().getHttpGet().getPath());
    assertEquals(List.of("--bind", "0.0.0.0:8000"), container.getArgs());
    assertTrue(container.getLifecycle().getPreStop().getExec() != null);
    // The master's own drain (the systemd unit's TimeoutStopSec) must fit in the grace period.
    assertTrue(
        deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > 60);
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals(KubernetesFiles.METRICS_PORT, annotations.get("prometheus.io/port"));
    V1ConfigMap settings =
        V1ConfigMap.fromJson(
            GSON.toJson(documents(KubernetesFiles.manifests("shop", "1.0")).get(0)));
    assertEquals(
        "0.0.0.0:" + KubernetesFiles.METRICS_PORT,
        settings.getData().get("CARAFE_METRICS_BIND"),
        "the master serves the metrics where the annotation sends Prometheus");
  }

  private static void validate(JsonElement document) throws IOException {
    switch (document.getAsJsonObject().get("kind").getAsString()) {
      case "ConfigMap" -> V1ConfigMap.validateJsonElement(document);
      case "Deployment" -> V1Deployment.validateJsonElement(document);
      case "Service" -> V1Service.validateJsonElement(document);
      default -> throw new AssertionError("No schema check for " + document);
    }
  }

  private static List<JsonElement> documents(String yaml) {
    List<JsonElement> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(yaml)) {
      documents.add(GSON.toJsonTree(document));
    }
    return documents;
  }
}
