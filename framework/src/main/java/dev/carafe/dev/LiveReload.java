package dev.carafe.dev;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Browser live reload: HTML pages carry a small script that opens one Server-Sent Events channel
 * and reloads the tab when the server's version moves on (a reload, a failed compile, a changed
 * template or static file); when only stylesheets changed, tabs swap them in place instead. An open
 * channel shows as {@code data-carafe-live-reload="on"} on the page's root element. Channels are
 * served outside the application lane, and one sender thread writes to them, so a slow tab never
 * holds up a reload. A page closes its channel when the user leaves it.
 */
final class LiveReload implements AutoCloseable {
  /** The channel's path; the dev server keeps {@code /__carafe/} for itself. */
  static final String PATH = "/__carafe/live-reload";

  private static final long HEARTBEAT_SECONDS = 15;

  // A restarted server has a new run id, so open tabs reload when it comes back.
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong changes = new AtomicLong();
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "carafe-live-reload");
            t.setDaemon(true);
            return t;
          });

  private record Channel(AsyncContext async, ServletOutputStream out) {}

  LiveReload() {
    sender.scheduleAtFixedRate(
        () -> channels.forEach(c -> send(c, ": ping\n\n")),
        HEARTBEAT_SECONDS,
        HEARTBEAT_SECONDS,
        TimeUnit.SECONDS);
  }

  /** What a page must have seen to be current. */
  String version() {
    return run + "." + changes.get();
  }

  /** Something the browser shows changed: every open tab reloads. */
  void changed() {
    broadcast("version");
  }

  /** Only stylesheets changed: tabs swap them in place, keeping scroll position and form input. */
  void stylesChanged() {
    broadcast("styles");
  }

  private void broadcast(String name) {
    changes.incrementAndGet();
    sender.execute(
        () -> {
          String event = event(name, version());
          channels.forEach(c -> send(c, event));
        });
  }

  /** Number of open channels (one per tab). */
  int channels() {
    return channels.size();
  }

  /** Opens a channel for a tab; it stays open until the tab goes away. */
  void open(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setStatus(200);
    response.setContentType("text/event-stream;charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    Channel channel = new Channel(async, response.getOutputStream());
    async.addListener(
        new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            channels.remove(channel);
          }

          @Override
          public void onTimeout(AsyncEvent event) {
            drop(channel);
          }

          @Override
          public void onError(AsyncEvent event) {
            drop(channel);
          }

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    channels.add(channel);
    sender.execute(() -> send(channel, "retry: 1000\n" + event("version", version())));
  }

  private static String event(String name, String version) {
    return "event: " + name + "\ndata: " + version + "\n\n";
  }

  private void send(Channel channel, String text) {
    try {
      channel.out().write(text.getBytes(StandardCharsets.UTF_8));
      channel.out().flush();
    } catch (IOException | IllegalStateException gone) {
      drop(channel);
    }
  }

  private void drop(Channel channel) {
    if (channels.remove(channel)) {
      try {
        channel.async().complete();
      } catch (IllegalStateException alreadyDone) {
        // the request is already over
      }
    }
  }

  /**
   * The script a page needs, tagged with the version it shows. A page the user leaves closes its
   * channel on {@code pagehide} and opens it again if the browser brings it back from its
   * back/forward cache: HTTP/1.1 gives a tab six connections per host, and the channels of cached
   * pages would otherwise hold them all, leaving the seventh page to wait for one.
   */
  static String script(String version) {
    return "<script>/* Carafe live reload, development server only */(function(){"
        + "if(!window.EventSource)return;var v=\""
        + version
        + "\",s=null,root=document.documentElement;"
        + "function open(){s=new EventSource(\""
        + PATH
        + "\");s.onopen=function(){root.dataset.carafeLiveReload=\"on\";};"
        + "s.addEventListener(\"version\",function(e){"
        + "if(e.data!==v){close();location.reload();}});"
        + "s.addEventListener(\"styles\",function(e){v=e.data;"
        + "document.querySelectorAll('link[rel=\"stylesheet\"]').forEach(function(l){"
        + "var u=new URL(l.href);if(u.origin!==location.origin)return;"
        + "u.searchParams.set(\"carafe\",v);l.href=u.href;});});}"
        + "function close(){if(s){s.close();s=null;}delete root.dataset.carafeLiveReload;}"
        + "addEventListener(\"pagehide\",close);"
        + "addEventListener(\"pageshow\",function(e){if(e.persisted&&!s)open();});"
        + "open();})();</script>";
  }

  /**
   * Puts the script before the last {@code </body>}, or at the end when there is none: what {@link
   * ScriptInjector} does to a streamed page, for a whole one.
   */
  static byte[] inject(byte[] html, String version) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(html.length + 1024);
    ScriptInjector page = new ScriptInjector(out, script(version).getBytes(StandardCharsets.UTF_8));
    try {
      page.write(html);
      page.finish();
    } catch (IOException inMemory) {
      throw new UncheckedIOException(inMemory);
    }
    return out.toByteArray();
  }

  /** True for a content type the script goes into. */
  static boolean isHtml(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).trim().startsWith("text/html");
  }

  @Override
  public void close() {
    sender.shutdownNow();
    channels.forEach(this::drop);
  }
}
