package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies cannot exhaust memory: forms are small, uploads go to disk, and all share a
 * budget.
 */
class BodiesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Carafe app(Map<String, String> settings) {
    Config.Builder config = Config.builder().set("csrf_enabled", "false");
    settings.forEach(config::set);
    Carafe app = Carafe.create(config.build());
    app.post("/fields", req -> "fields " + req.form().names().size());
    app.post("/files", req -> "files " + req.files().size());
    return app;
  }

  @Test
  void formsOverTheFormLimitAre413WithAReadableMessage() throws Exception {
    String big = "x".repeat(600_000); // under max_content_length, over max_form_memory_size
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          var urlencoded = client.post("/fields").field("notes", big).asString();
          assertEquals(413, urlencoded.getStatus());
          assertTrue(urlencoded.getBody().contains("max_form_memory_size"), urlencoded.getBody());
          var multipart =
              client
                  .post("/fields")
                  .field("notes", big)
                  .field("doc", new ByteArrayInputStream(new byte[] {1}), "a.bin")
                  .asString();
          assertEquals(413, multipart.getStatus());
          assertTrue(multipart.getBody().contains("max_form_memory_size"), multipart.getBody());
          var upload =
              client
                  .post("/files")
                  .field("doc", new ByteArrayInputStream(big.getBytes()), "big.txt")
                  .asString();
          assertEquals("files 1", upload.getBody(), "files do not count toward the form limit");
          assertEquals("fields 1", client.post("/fields").field("a", "b").asString().getBody());
        });
  }

  @Test
  void formsWithTooManyPartsAre413() throws Exception {
    CarafeTest.test(
        app(Map.of("max_form_parts", "5")),
        (server, client) -> {
          StringBuilder urlencoded = new StringBuilder("f=v");
          var multipart =
              client.post("/fields").field("doc", new ByteArrayInputStream(new byte[1]), "a.bin");
          for (int i = 0; i < 10; i++) {
            urlencoded.append("&f").append(i).append("=v");
            multipart.field("f" + i, "v");
          }
          var refused =
              client
                  .post("/fields")
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .body(urlencoded.toString())
                  .asString();
          assertEquals(413, refused.getStatus());
          assertTrue(refused.getBody().contains("limit of 5"), refused.getBody());
          var refusedParts = multipart.asString();
          assertEquals(413, refusedParts.getStatus());
          assertEquals(
              "close",
              refusedParts.getHeaders().getFirst("Connection"),
              "the rest of the body is never read: the connection is not reused");
          assertEquals(
              "fields 2",
              client.post("/fields").field("a", "1").field("b", "2").asString().getBody());
        });
  }

  @Test
  void largeUploadsAreSpooledToTheTempFolderAndDeletedAfterTheRequest(@TempDir Path spool)
      throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Carafe app = app(Map.of("upload_temp_folder", spool.toString()));
    app.post(
        "/hold",
        req -> {
          long size = req.file("doc").orElseThrow().size();
          reading.countDown();
          release.await(30, TimeUnit.SECONDS);
          return "held " + size;
        });
    byte[] upload = new byte[2 * 1024 * 1024];
    CarafeTest.test(
        app,
        (server, client) -> {
          CompletableFuture<String> answer =
              CompletableFuture.supplyAsync(
                  () ->
                      client
                          .post("/hold")
                          .field("title", "small fields stay in memory")
                          .field("doc", new ByteArrayInputStream(upload), "big.bin")
                          .asString()
                          .getBody());
          assertTrue(reading.await(30, TimeUnit.SECONDS));
          assertEquals(1, files(spool), "the upload, and only it, is on disk");
          release.countDown();
          assertEquals("held " + upload.length, answer.get(30, TimeUnit.SECONDS));
          await("the spooled part is deleted", () -> files(spool) == 0);
        });
  }

  @Test
  void bodiesPastTheMemoryBudgetGet503WithRetryAfterUntilItIsGivenBack() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Carafe app = app(Map.of("body_memory_budget", "100000"));
    app.post(
        "/hold",
        req -> {
          Object json = req.json();
          holding.countDown();
          release.await(30, TimeUnit.SECONDS);
          return json;
        });
    app.post("/json", req -> req.json());
    String body = "{\"a\":\"" + "x".repeat(60_000) + "\"}";
    CarafeTest.test(
        app,
        (server, client) -> {
          CompletableFuture<Integer> held =
              CompletableFuture.supplyAsync(() -> post(client, "/hold", body).getStatus());
          assertTrue(holding.await(30, TimeUnit.SECONDS));
          var refused = post(client, "/json", body);
          assertEquals(503, refused.getStatus());
          assertEquals("1", refused.getHeaders().getFirst("Retry-After"));
          assertEquals(503, chunked(server.url("/json"), body), "charged as it arrives");
          assertEquals(200, post(client, "/json", "{\"small\":1}").getStatus());
          release.countDown();
          assertEquals(200, held.get(30, TimeUnit.SECONDS));
          assertEquals(200, post(client, "/json", body).getStatus(), "the budget is given back");
          assertEquals(200, chunked(server.url("/json"), body));
          String tooBig = "{\"a\":\"" + "x".repeat(120_000) + "\"}";
          assertEquals(413, post(client, "/json", tooBig).getStatus(), "it would never fit");
        });
  }

  /** A chunked body has no declared length; its limit holds while it is read. */
  @Test
  void aChunkedFormOverTheFormLimitIs413() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          HttpRequest request =
              HttpRequest.newBuilder(URI.create(server.url("/fields")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(("a=" + "x".repeat(600_000)).getBytes())))
                  .build();
          HttpResponse<String> answer =
              HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
          assertEquals(413, answer.statusCode(), answer.body());
        });
  }

  private static kong.unirest.core.HttpResponse<String> post(
      UnirestInstance client, String path, String json) {
    return client
        .post(path)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(json)
        .asString();
  }

  /** Posts JSON without a declared length, as a stream. */
  private static int chunked(String url, String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(json.getBytes())))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static long files(Path folder) {
    try (Stream<Path> listed = Files.list(folder)) {
      return listed.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(10);
    }
  }
}
