/**
 * Mechanics without I/O, Flask's "sansio" idea: rule parsing and matching, the router, trusted
 * proxies, the JSON mapper, app loading, the production secret check, logging defaults, the
 * security headers (with the Jetty error handler both servers install, the one piece of server glue
 * here), and the {@link dev.carafe.internal.ServerView} through which the servers reach an app. It
 * imports nothing of {@code dev.carafe}, and no module exports it: not API, it may change in any
 * release.
 */
package dev.carafe.internal;
