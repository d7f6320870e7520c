package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LiveReloadTest {
  private static String inject(String html) {
    return new String(
        LiveReload.inject(html.getBytes(StandardCharsets.UTF_8), "v1"), StandardCharsets.UTF_8);
  }

  @Test
  void theScriptGoesBeforeTheLastClosingBodyTag() {
    String page = inject("<html><body><p>é</p><pre>&lt;/body&gt;</pre></BODY></html>");
    assertTrue(page.startsWith("<html><body><p>é</p><pre>&lt;/body&gt;</pre><script>"), page);
    assertTrue(page.endsWith("</script></BODY></html>"), page);
    assertTrue(page.contains("var v=\"v1\""), page);
  }

  @Test
  void aFragmentWithoutBodyGetsTheScriptAtTheEnd() {
    String page = inject("<h1>Hi</h1>");
    assertTrue(page.startsWith("<h1>Hi</h1><script>"), page);
    assertEquals(LiveReload.script("v1"), page.substring("<h1>Hi</h1>".length()));
  }

  @Test
  void onlyHtmlGetsTheScript() {
    assertTrue(LiveReload.isHtml("text/html; charset=utf-8"));
    assertTrue(!LiveReload.isHtml("application/json"));
    assertTrue(!LiveReload.isHtml(null));
  }
}
