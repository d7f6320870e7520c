package dev.carafe.prod;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.carafe.internal.Json;
import dev.carafe.internal.TrustedProxies;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * One JSON object per request on the worker's log stream: time, method, path, status, bytes,
 * duration, client address (through trusted proxies) and request id. Also counts requests, which is
 * what max_requests recycles on.
 */
final class AccessLog implements RequestLog {
  private final TrustedProxies trusted;
  private final OutputStream out;
  private final boolean enabled;
  private final AtomicLong served = new AtomicLong();

  AccessLog(TrustedProxies trusted, OutputStream out, boolean enabled) {
    this.trusted = trusted;
    this.out = out;
    this.enabled = enabled;
  }

  long served() {
    return served.get();
  }

  @Override
  public void log(Request request, Response response) {
    served.incrementAndGet();
    if (!enabled) {
      return;
    }
    long started = Request.getTimeStamp(request);
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = Json.mapper().getFactory().createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("time", Instant.ofEpochMilli(started).toString());
      json.writeStringField("method", request.getMethod());
      json.writeStringField("path", request.getHttpURI().getPath());
      json.writeNumberField("status", response.getStatus());
      json.writeNumberField("bytes", Response.getContentBytesWritten(response));
      json.writeNumberField("duration_ms", System.currentTimeMillis() - started);
      json.writeStringField(
          "ip",
          trusted.clientFrom(
              request.getHeaders().get(HttpHeader.X_FORWARDED_FOR),
              Request.getRemoteAddr(request)));
      json.writeStringField("request_id", response.getHeaders().get(RequestIds.HEADER));
      json.writeEndObject();
    } catch (IOException e) {
      return;
    }
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException ignored) {
        // the log stream is gone (the master died); serving goes on
      }
    }
  }
}
