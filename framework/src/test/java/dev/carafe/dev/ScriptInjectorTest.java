package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScriptInjectorTest {
  private static final String SCRIPT = "<script>live</script>";

  private final ByteArrayOutputStream client = new ByteArrayOutputStream();
  private final ScriptInjector page =
      new ScriptInjector(client, SCRIPT.getBytes(StandardCharsets.UTF_8));

  /** Where a whole page gets the script: before its last {@code </body>}, else at its end. */
  private static String whole(String html) {
    int at = html.toLowerCase(Locale.ROOT).lastIndexOf("</body");
    return at < 0 ? html + SCRIPT : html.substring(0, at) + SCRIPT + html.substring(at);
  }

  private String sent() {
    return client.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPageWrittenInAnyPiecesGetsTheScriptWhereAWholePageWould() throws IOException {
    List<String> pages =
        List.of(
            "<html><body><p>é</p></body></html>",
            "<html><body><pre>&lt;/body&gt;</pre></BODY>\n</html>\n",
            "<h1>no body end</h1><",
            "<p>a</body> between </body><!-- last --></html>",
            "<</</b</bo</bod</body</body>",
            "");
    Random random = new Random(19);
    for (String html : pages) {
      byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
      for (int attempt = 0; attempt < 50; attempt++) {
        client.reset();
        ScriptInjector pieces = new ScriptInjector(client, SCRIPT.getBytes(StandardCharsets.UTF_8));
        int at = 0;
        while (at < bytes.length) {
          int n = 1 + random.nextInt(Math.min(8, bytes.length - at));
          pieces.write(bytes, at, n);
          at += n;
        }
        pieces.finish();
        assertEquals(whole(html), sent(), "written in pieces: " + html);
      }
    }
  }

  @Test
  void everythingButTheBodyEndGoesOutBeforeThePageIsDone() throws IOException {
    page.write("<html><body><h1>first</h1>".getBytes(StandardCharsets.UTF_8));
    page.flush();
    assertEquals("<html><body><h1>first</h1>", sent());
    page.write("<p>more</p></body></html>".getBytes(StandardCharsets.UTF_8));
    page.flush();
    assertEquals("<html><body><h1>first</h1><p>more</p>", sent(), "held for the script");
    page.finish();
    assertEquals("<html><body><h1>first</h1><p>more</p>" + SCRIPT + "</body></html>", sent());
  }

  @Test
  void aLongTailAfterTheBodyEndGoesOnAndTheScriptEndsThePage() throws IOException {
    String tail = "</body>" + "x".repeat(ScriptInjector.HOLD);
    page.write(("<body>" + tail).getBytes(StandardCharsets.UTF_8));
    assertEquals("<body>" + tail, sent(), "nothing is held past the limit");
    page.finish();
    assertEquals("<body>" + tail + SCRIPT, sent());
  }

  @Test
  void passingThroughSendsWhatWasHeldAndNoScript() throws IOException {
    page.write("<body></body></ht".getBytes(StandardCharsets.UTF_8));
    page.passThrough();
    page.write("ml>".getBytes(StandardCharsets.UTF_8));
    page.finish();
    assertEquals("<body></body></html>", sent());
  }

  @Test
  void writesAfterTheScriptPassThrough() throws IOException {
    page.finish();
    page.write("</body>".getBytes(StandardCharsets.UTF_8));
    assertEquals(SCRIPT + "</body>", sent());
    assertTrue(sent().startsWith(SCRIPT));
  }
}
