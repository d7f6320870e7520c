package dev.carafe;

import dev.carafe.internal.TrustedProxies;
import dev.carafe.internal.TrustedProxies.Forwarded;
import io.javalin.http.Context;
import java.util.Collections;

/**
 * The client as the app should see it: {@code X-Forwarded-*} believed only from trusted proxies,
 * and from each header only the value those proxies added (Werkzeug's {@code ProxyFix} rule).
 */
record ClientView(String ip, String scheme, String host, String prefix) {

  static ClientView of(Context ctx, TrustedProxies trusted) {
    String peer = ctx.req().getRemoteAddr();
    String scheme = ctx.req().getScheme();
    String host = ctx.header("Host");
    if (host == null || host.isBlank()) {
      host = ctx.req().getServerName() + ":" + ctx.req().getServerPort();
    }
    // A unix-socket peer has no IP address: it is a proxy on this host, trusted like loopback.
    boolean unixPeer = peer == null || peer.isEmpty();
    if (!unixPeer && !trusted.trusts(peer)) {
      return new ClientView(peer, scheme, host, "");
    }
    String ip = trusted.clientAddress(peer, header(ctx, Forwarded.FOR));
    String proto =
        trusted
            .forwarded(Forwarded.PROTO, header(ctx, Forwarded.PROTO))
            .filter(p -> p.equals("http") || p.equals("https"))
            .orElse(scheme);
    String forwardedHost =
        trusted.forwarded(Forwarded.HOST, header(ctx, Forwarded.HOST)).orElse(host);
    String hostAndPort =
        trusted
            .forwarded(Forwarded.PORT, header(ctx, Forwarded.PORT))
            .filter(port -> port.matches("[0-9]{1,5}"))
            .map(port -> withoutPort(forwardedHost) + ":" + port)
            .orElse(forwardedHost);
    String prefix =
        trusted
            .forwarded(Forwarded.PREFIX, header(ctx, Forwarded.PREFIX))
            .filter(p -> p.startsWith("/"))
            .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p)
            .orElse("");
    return new ClientView(ip, proto, hostAndPort, prefix);
  }

  /**
   * Every line of a header, joined with commas as a WSGI server joins them: a proxy that adds a
   * line of its own instead of extending the client's still adds the rightmost value.
   */
  private static String header(Context ctx, Forwarded header) {
    var lines = Collections.list(ctx.req().getHeaders(header.header()));
    return lines.isEmpty() ? null : String.join(",", lines);
  }

  /** The host of a Host value, without its port; an IPv6 literal keeps its brackets. */
  private static String withoutPort(String host) {
    int colon = host.lastIndexOf(':');
    return colon < 0 || host.endsWith("]") ? host : host.substring(0, colon);
  }
}
