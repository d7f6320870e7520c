package dev.carafe.it.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Live reload in a real headless Chromium: an open tab follows saves by itself. */
class LiveReloadBrowserIT {
  private static final String APP_FILE = "src/main/java/dev/carafe/it/page/PageApp.java";
  private static final String APP =
      """
      package dev.carafe.it.page;

      import dev.carafe.Carafe;
      import dev.carafe.Config;

      public final class PageApp {
        public static Carafe create(Config config) {
          Carafe app = Carafe.create(config);
          app.get("/", req -> "<!doctype html><html><head><title>Page</title>"
              + "<link rel=\\"stylesheet\\" href=\\"/static/app.css\\"></head>"
              + "<body><h1 id=\\"message\\">First</h1></body></html>");
          return app;
        }
      }
      """;
  private static final String STREAMED_APP =
      """
      package dev.carafe.it.page;

      import dev.carafe.Carafe;
      import dev.carafe.Config;
      import java.io.IOException;
      import java.io.OutputStream;
      import java.nio.charset.StandardCharsets;

      public final class StreamedApp {
        public static Carafe create(Config config) {
          Carafe app = Carafe.create(config);
          app.get("/streamed", req -> {
            req.javalinContext().res().setContentType("text/html;charset=utf-8");
            OutputStream out = req.javalinContext().res().getOutputStream();
            send(out, "<!doctype html><html><head><title>Streamed</title></head><body>");
            send(out, "<h1 id=\\"message\\">First</h1></body></html>");
            return null;
          });
          app.get("/long-tail", req -> {
            req.javalinContext().res().setContentType("text/html;charset=utf-8");
            OutputStream out = req.javalinContext().res().getOutputStream();
            send(out, "<!doctype html><html><head><title>Tail</title></head><body>");
            send(out, "<h1 id=\\"message\\">First</h1></body>");
            send(out, "<!-- " + "x".repeat(8192) + " --></html>");
            return null;
          });
          return app;
        }

        private static void send(OutputStream out, String text) throws IOException {
          out.write(text.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
      """;
  private static final String PAGES_APP =
      """
      package dev.carafe.it.page;

      import dev.carafe.Carafe;
      import dev.carafe.Config;

      public final class PagesApp {
        public static Carafe create(Config config) {
          Carafe app = Carafe.create(config);
          app.get("/pages/<int:n>", req -> {
            int n = req.intParam("n");
            return "<!doctype html><html><head><title>Page " + n + "</title></head><body>"
                + "<a id=\\"next\\" href=\\"/pages/" + (n + 1) + "\\">next</a></body></html>";
          });
          return app;
        }
      }
      """;
  private static final String MESSAGE =
      "(document.getElementById('message') || {}).textContent || ''";
  private static final Duration RELOAD = Duration.ofSeconds(30);

  @Test
  void anOpenTabFollowsSavesStylesheetsAndCompileErrorsByItself() throws Exception {
    try (DevProject project = DevProject.copyOfDemo()) {
      project.write(APP_FILE, APP);
      project.start("--app", "dev.carafe.it.page.PageApp");
      try (Chromium chromium = Chromium.start();
          Chromium.Tab tab = chromium.open(project.url("/"))) {
        Chromium.await(tab, MESSAGE, "First", RELOAD);
        Chromium.await(tab, "document.documentElement.dataset.carafeLiveReload", "on", RELOAD);
        tab.evaluate("window.notReloaded = true");

        project.replace(APP_FILE, ">First<", ">Second<");
        Chromium.await(tab, MESSAGE, "Second", RELOAD);
        assertEquals("undefined", tab.evaluate("typeof window.notReloaded"), "reloaded itself");

        // A stylesheet is swapped in place: the page keeps its state.
        Chromium.await(tab, "document.documentElement.dataset.carafeLiveReload", "on", RELOAD);
        tab.evaluate("window.notReloaded = true");
        String css = "src/main/resources/static/app.css";
        project.write(css, project.read(css) + "\n#message { color: rgb(1, 2, 3); }\n");
        Chromium.await(
            tab,
            "getComputedStyle(document.getElementById('message')).color",
            "rgb(1, 2, 3)",
            RELOAD);
        assertEquals("boolean", tab.evaluate("typeof window.notReloaded"), "styles swapped");

        project.replace(APP_FILE, "return app;", "return app");
        Chromium.await(tab, "document.title", "Compile error - Carafe", RELOAD);

        project.replace(APP_FILE, "return app", "return app;");
        Chromium.await(tab, MESSAGE, "Second", RELOAD);
      }
    }
  }

  @Test
  void streamedPagesFollowSavesEvenWhenTheScriptEndsThePage() throws Exception {
    String appFile = "src/main/java/dev/carafe/it/page/StreamedApp.java";
    try (DevProject project = DevProject.copyOfDemo()) {
      project.write(appFile, STREAMED_APP);
      project.start("--app", "dev.carafe.it.page.StreamedApp");
      try (Chromium chromium = Chromium.start();
          Chromium.Tab streamed = chromium.open(project.url("/streamed"));
          Chromium.Tab longTail = chromium.open(project.url("/long-tail"))) {
        for (Chromium.Tab tab : new Chromium.Tab[] {streamed, longTail}) {
          Chromium.await(tab, MESSAGE, "First", RELOAD);
          Chromium.await(tab, "document.documentElement.dataset.carafeLiveReload", "on", RELOAD);
        }
        project.replace(appFile, ">First<", ">Second<");
        Chromium.await(streamed, MESSAGE, "Second", RELOAD);
        Chromium.await(longTail, MESSAGE, "Second", RELOAD);
      }
    }
  }

  /**
   * Every page a tab has shown keeps its live-reload channel while the browser holds it in its
   * back/forward cache; HTTP/1.1 gives a tab six connections per host, so a seventh page would wait
   * for one of them to time out.
   */
  @Test
  void aTabThatFollowsTenLinksLoadsEveryPagePromptly() throws Exception {
    try (DevProject project = DevProject.copyOfDemo()) {
      project.write("src/main/java/dev/carafe/it/page/PagesApp.java", PAGES_APP);
      project.start("--app", "dev.carafe.it.page.PagesApp");
      try (Chromium chromium = Chromium.start();
          Chromium.Tab tab = chromium.open(project.url("/pages/1"))) {
        // One deadline for all ten pages: a page that waits for a free connection outlasts it.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int n = 1; n <= 10; n++) {
          Duration left = Duration.ofNanos(deadline - System.nanoTime());
          Chromium.await(tab, "document.title", "Page " + n, left);
          Chromium.await(tab, "document.documentElement.dataset.carafeLiveReload", "on", left);
          tab.evaluate("window.kept = 'page " + n + "'");
          if (n < 10) {
            tab.evaluate("document.getElementById('next').click()");
          }
        }
        // Back to a page the browser kept alive: its channel opens again.
        tab.evaluate("history.back()");
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        Chromium.await(tab, "document.title", "Page 9", left);
        Chromium.await(tab, "document.documentElement.dataset.carafeLiveReload", "on", left);
        assertEquals(
            "page 9",
            tab.evaluate("String(window.kept)"),
            "Chromium brought page 9 back from its back/forward cache, channel and all");
      }
    }
  }
}
