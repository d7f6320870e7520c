/**
 * Mechanics without I/O, Flask's "sansio" idea: rule parsing and matching, the router, trusted
 * proxies, the JSON mapper, app loading, the production secret check, logging defaults, the
 * security headers, and the {@link dev.carafe.internal.ServerView} through which the servers reach
 * an app. Two pieces of server glue live here because both servers install them: the Jetty error
 * handler that gives Jetty's own answers the security headers, and {@link
 * dev.carafe.internal.MinimumBodyRate}, the handler in front of the app that cuts bodies slower
 * than the minimum rate. It imports nothing of {@code dev.carafe}, and no module exports it: not
 * API, it may change in any release.
 */
package dev.carafe.internal;
