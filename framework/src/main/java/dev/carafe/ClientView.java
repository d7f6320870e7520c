package dev.carafe;

import dev.carafe.internal.TrustedProxies;
import io.javalin.http.Context;

/** The client as the app should see it: X-Forwarded-* believed only from trusted proxies. */
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
    String forwardedFor = ctx.header("X-Forwarded-For");
    String ip = trusted.clientAddress(peer, forwardedFor);
    String proto = first(ctx.header("X-Forwarded-Proto"));
    String fwdHost = first(ctx.header("X-Forwarded-Host"));
    String prefix = first(ctx.header("X-Forwarded-Prefix"));
    return new ClientView(
        ip,
        proto == null || !(proto.equals("http") || proto.equals("https")) ? scheme : proto,
        fwdHost == null ? host : fwdHost,
        prefix == null || !prefix.startsWith("/") ? "" : stripSlash(prefix));
  }

  /** The first of a comma-separated header value: the hop nearest the client. */
  private static String first(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.split(",", 2)[0].trim();
    return value.isEmpty() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 ? null : value;
  }

  private static String stripSlash(String prefix) {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
