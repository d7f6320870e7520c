package dev.carafe.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment guide shows the systemd unit {@code mvn package} writes for an app named {@code
 * shop}; it must be the plugin's template rendered for that name, word for word.
 */
class SystemdUnitDocTest {
  private static final Pattern RENDERED =
      Pattern.compile(
          "<!-- rendered: systemd.service for shop -->\\s*\\n```ini\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theDeploymentGuideShowsTheUnitThePluginWrites() throws Exception {
    Path repo = DocsTest.repo();
    Matcher shown = RENDERED.matcher(Files.readString(repo.resolve("docs/guides/deployment.md")));
    assertTrue(shown.find(), "docs/guides/deployment.md shows no rendered systemd unit");
    String template =
        Files.readString(
            repo.resolve("maven-plugin/src/main/resources/dev/carafe/maven/systemd.service"));
    assertEquals(
        template.replace("@NAME@", "shop"),
        shown.group(1),
        "docs/guides/deployment.md: the systemd unit differs from the plugin's systemd.service"
            + " rendered for shop; copy target/shop/systemd/shop.service of an app named shop");
  }
}
