package dev.carafe.prod;

import dev.carafe.internal.TrustedProxies;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Gives every request an {@code X-Request-Id}: the one a trusted proxy sent (nginx's $request_id),
 * else a fresh random one, echoed in the response so logs on both tiers line up.
 */
final class RequestIds implements HttpConfiguration.Customizer {
  static final String HEADER = "X-Request-Id";

  private final TrustedProxies trusted;

  RequestIds(TrustedProxies trusted) {
    this.trusted = trusted;
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    String id = request.getHeaders().get(HEADER);
    if (id == null
        || !trusted.trusts(Request.getRemoteAddr(request))
        || !id.matches("[A-Za-z0-9._-]{1,128}")) {
      id =
          Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
              + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
    responseHeaders.put(HEADER, id);
    return request;
  }
}
