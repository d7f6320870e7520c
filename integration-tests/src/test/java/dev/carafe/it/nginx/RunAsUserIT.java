package dev.carafe.it.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;

/**
 * The shipped configuration runs as root (workers drop to nobody) and as a normal user, serving the
 * static files and the error page and writing only under run/.
 */
class RunAsUserIT {
  private static final String NOBODY = "nobody";

  @Test
  void startedAsRootItServesWithWorkersRunningAsNobody() throws Exception {
    assumeTrue(uid(ProcessHandle.current().pid()) == 0, "needs root");
    try (Nginx nginx = Nginx.builder().start()) {
      long master = nginx.masterPid();
      List<ProcessHandle> workers = ProcessHandle.of(master).orElseThrow().children().toList();

      assertEquals(0, uid(master));
      assertFalse(workers.isEmpty());
      for (ProcessHandle worker : workers) {
        assertEquals(uidOf(NOBODY), uid(worker.pid()), "worker " + worker.pid());
      }
      servesStaticFilesErrorPageAndBufferedBodies(nginx);
    }
  }

  @Test
  void startedAsANormalUserItServesAndWritesOnlyUnderRun() throws Exception {
    boolean root = uid(ProcessHandle.current().pid()) == 0;
    Nginx.Builder builder = root ? Nginx.builder().user(NOBODY) : Nginx.builder();
    try (Nginx nginx = builder.start()) {
      long master = nginx.masterPid();
      assertTrue(uid(master) != 0, "the master runs unprivileged");

      servesStaticFilesErrorPageAndBufferedBodies(nginx);

      assertEquals(
          Set.of(
              "run/access.log",
              "run/client_body_temp",
              "run/error.log",
              "run/fastcgi_temp",
              "run/nginx.pid",
              "run/proxy_temp",
              "run/scgi_temp",
              "run/uwsgi_temp"),
          nginx.filesWrittenByNginx());
    }
  }

  /** Static files and the error page are read by the workers; a large body is buffered to disk. */
  private static void servesStaticFilesErrorPageAndBufferedBodies(Nginx nginx) {
    try (UnirestInstance client = CarafeTest.client(nginx.url())) {
      assertEquals(200, client.get("/static/app.css").asString().getStatus(), nginx.diagnostics());
      String page = client.get("/api/hello").asString().getBody();
      assertTrue(page.contains("Back in a moment"), page + nginx.diagnostics());
      int status = client.post("/api/upload").body(new byte[1024 * 1024]).asString().getStatus();
      assertEquals(
          502,
          status,
          "buffered past client_body_buffer_size, then passed on\n" + nginx.diagnostics());
    }
  }

  private static long uid(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.split("\\s+")[1]);
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read the owner of process " + pid, e);
    }
    throw new AssertionError("no Uid line for process " + pid);
  }

  private static long uidOf(String user) throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u", user).start();
    String out = new String(id.getInputStream().readAllBytes()).trim();
    id.waitFor();
    return Long.parseLong(out);
  }
}
