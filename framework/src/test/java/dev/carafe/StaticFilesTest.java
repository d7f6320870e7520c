package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {
  private static final String CSS = "body { color: teal; }\n";

  /** An app serving static/ from a folder on disk, as the development server does. */
  static Carafe app(Path root) throws Exception {
    Files.createDirectories(root.resolve("static/img"));
    Files.writeString(root.resolve("static/app.css"), CSS);
    Files.write(root.resolve("static/img/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Files.writeString(root.resolve("static/.secret"), "hidden");
    Files.writeString(root.resolve("outside.txt"), "not public");
    Carafe app = Carafe.create(Config.builder().set("resource_root", root.toString()).build());
    app.get("/css-url", req -> req.urlFor("static", java.util.Map.of("filename", "app.css")));
    return app;
  }

  static String sha256Prefix(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes("UTF-8"));
    return HexFormat.of().formatHex(digest, 0, 4);
  }

  @Test
  void fileIsServedWithItsTypeAndValidators(@TempDir Path root) throws Exception {
    CarafeTest.test(
        app(root),
        (server, client) -> {
          var css = client.get("/static/app.css").asString();
          assertEquals(200, css.getStatus());
          assertEquals(CSS, css.getBody());
          assertTrue(css.getHeaders().getFirst("Content-Type").startsWith("text/css"));
          assertTrue(css.getHeaders().getFirst("ETag").matches("\"[0-9a-f]+-[0-9a-f]+\""));
          assertTrue(css.getHeaders().getFirst("Last-Modified").endsWith(" GMT"));
          assertEquals("no-cache", css.getHeaders().getFirst("Cache-Control"));
          assertEquals("bytes", css.getHeaders().getFirst("Accept-Ranges"));
          assertEquals("nosniff", css.getHeaders().getFirst("X-Content-Type-Options"));
          var png = client.get("/static/img/logo.png").asBytes();
          assertEquals("image/png", png.getHeaders().getFirst("Content-Type"));
          assertEquals(4, png.getBody().length);
        });
  }

  @Test
  void currentCopyIsAnswered304(@TempDir Path root) throws Exception {
    CarafeTest.test(
        app(root),
        (server, client) -> {
          var first = client.get("/static/app.css").asString();
          String etag = first.getHeaders().getFirst("ETag");
          String modified = first.getHeaders().getFirst("Last-Modified");
          var byTag = client.get("/static/app.css").header("If-None-Match", etag).asString();
          assertEquals(304, byTag.getStatus());
          assertEquals("", byTag.getBody());
          assertEquals(etag, byTag.getHeaders().getFirst("ETag"));
          var weak = client.get("/static/app.css").header("If-None-Match", "W/" + etag).asString();
          assertEquals(304, weak.getStatus());
          var byDate =
              client.get("/static/app.css").header("If-Modified-Since", modified).asString();
          assertEquals(304, byDate.getStatus());
          var stale = client.get("/static/app.css").header("If-None-Match", "\"0-0\"").asString();
          assertEquals(200, stale.getStatus());
          assertEquals(CSS, stale.getBody());
        });
  }

  @Test
  void byteRangesAreAnswered206(@TempDir Path root) throws Exception {
    CarafeTest.test(
        app(root),
        (server, client) -> {
          var part = client.get("/static/app.css").header("Range", "bytes=0-3").asString();
          assertEquals(206, part.getStatus());
          assertEquals("body", part.getBody());
          assertEquals("bytes 0-3/" + CSS.length(), part.getHeaders().getFirst("Content-Range"));
          assertEquals("4", part.getHeaders().getFirst("Content-Length"));
          var open = client.get("/static/app.css").header("Range", "bytes=5-").asString();
          assertEquals(CSS.substring(5), open.getBody());
          var suffix = client.get("/static/app.css").header("Range", "bytes=-7").asString();
          assertEquals(CSS.substring(CSS.length() - 7), suffix.getBody());
          var outside = client.get("/static/app.css").header("Range", "bytes=999-").asString();
          assertEquals(416, outside.getStatus());
          assertEquals("bytes */" + CSS.length(), outside.getHeaders().getFirst("Content-Range"));
          var changed =
              client
                  .get("/static/app.css")
                  .header("Range", "bytes=0-3")
                  .header("If-Range", "\"an-old-version\"")
                  .asString();
          assertEquals(200, changed.getStatus(), "a range of another version is the whole file");
          assertEquals(CSS, changed.getBody());
        });
  }

  @Test
  void rangesAndLengthsAreNeverBrokenByCompression(@TempDir Path root) throws Exception {
    Carafe app = app(root);
    String big = "0123456789abcdef".repeat(512);
    Files.writeString(root.resolve("static/big.txt"), big);
    CarafeTest.test(
        app,
        (server, client) -> {
          var part =
              client
                  .get("/static/big.txt")
                  .header("Accept-Encoding", "gzip")
                  .header("Range", "bytes=4096-4111")
                  .asString();
          assertEquals(206, part.getStatus());
          assertTrue(part.getHeaders().get("Content-Encoding").isEmpty());
          assertEquals("0123456789abcdef", part.getBody());
          var whole = client.get("/static/big.txt").header("Accept-Encoding", "gzip").asString();
          assertEquals(String.valueOf(big.length()), whole.getHeaders().getFirst("Content-Length"));
          assertEquals(big, whole.getBody());
        });
  }

  @Test
  void urlForAddsTheContentHash(@TempDir Path root) throws Exception {
    CarafeTest.test(
        app(root),
        (server, client) -> {
          String url = client.get("/css-url").asString().getBody();
          assertEquals("/static/app.css?v=" + sha256Prefix(CSS), url);
        });
  }

  @Test
  void currentHashMayBeCachedForAYear(@TempDir Path root) throws Exception {
    CarafeTest.test(
        app(root),
        (server, client) -> {
          String url = client.get("/css-url").asString().getBody();
          var current = client.get(url).asString();
          assertEquals(
              "public, max-age=31536000, immutable",
              current.getHeaders().getFirst("Cache-Control"));
          var old = client.get("/static/app.css?v=00000000").asString();
          assertEquals("no-cache", old.getHeaders().getFirst("Cache-Control"));
        });
  }

  @Test
  void editedFileGetsANewHash(@TempDir Path root) throws Exception {
    CarafeTest.test(
        app(root),
        (server, client) -> {
          String before = client.get("/css-url").asString().getBody();
          Path css = root.resolve("static/app.css");
          Files.writeString(css, "body { color: navy; }\n");
          Files.setLastModifiedTime(css, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
          String after = client.get("/css-url").asString().getBody();
          assertNotEquals(before, after);
          assertEquals("/static/app.css?v=" + sha256Prefix("body { color: navy; }\n"), after);
          var stale = client.get(before).asString();
          assertEquals("no-cache", stale.getHeaders().getFirst("Cache-Control"));
        });
  }

  @Test
  void pathsOutsideTheFolderAndHiddenFilesAre404(@TempDir Path root) throws Exception {
    Carafe app = app(root);
    Files.createSymbolicLink(root.resolve("static/link.txt"), root.resolve("outside.txt"));
    CarafeTest.test(
        app,
        (server, client) -> {
          for (String path :
              new String[] {
                "/static/../outside.txt",
                "/static/%2e%2e/outside.txt",
                "/static/img/%2e%2e/%2e%2e/outside.txt",
                "/static/.secret",
                "/static/link.txt",
                "/static/img",
                "/static/nope.css"
              }) {
            var response = client.get(path).asString();
            assertTrue(
                response.getStatus() == 404 || response.getStatus() == 400,
                path + " -> " + response.getStatus());
            assertTrue(!response.getBody().contains("not public"), path);
          }
        });
  }

  @Test
  void classpathFilesAreServedAndVersioned() throws Exception {
    Carafe app = Carafe.create(Config.defaults());
    app.get("/css-url", req -> req.urlFor("static", java.util.Map.of("filename", "site.css")));
    CarafeTest.test(
        app,
        (server, client) -> {
          String url = client.get("/css-url").asString().getBody();
          Matcher m = Pattern.compile("/static/site.css\\?v=([0-9a-f]{8})").matcher(url);
          assertTrue(m.matches(), url);
          var css = client.get(url).asString();
          assertEquals("body { color: teal; }\n", css.getBody());
          assertEquals(
              "public, max-age=31536000, immutable", css.getHeaders().getFirst("Cache-Control"));
          var part = client.get("/static/site.css").header("Range", "bytes=7-11").asString();
          assertEquals("color", part.getBody());
        });
  }

  /**
   * A jar does not change under a running app, so its files are looked up once rather than opened
   * again for every page that links them: a jar replaced on disk afterwards is not read. (Flask's
   * {@code url_for('static')} adds no content hash at all; Carafe's is computed once per file.)
   */
  @Test
  void fileInAJarIsLookedUpOnceForTheAppsLife(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("assets.jar");
    writeJar(jar, "static/bundled.css", CSS);
    Carafe app = Carafe.create(Config.defaults());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Thread.currentThread().setContextClassLoader(loader);
      String first = app.urlFor("static", Map.of("filename", "bundled.css"));
      assertEquals("/static/bundled.css?v=" + sha256Prefix(CSS), first);

      Path replacement = dir.resolve("replacement.jar");
      writeJar(replacement, "static/bundled.css", "body { color: rebeccapurple; }\n");
      Files.move(replacement, jar, StandardCopyOption.REPLACE_EXISTING);

      assertEquals(first, app.urlFor("static", Map.of("filename", "bundled.css")));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static void writeJar(Path jar, String entry, String content) throws Exception {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}
