/**
 * Mechanics without I/O, Flask's "sansio" idea: rule parsing and matching, the router, trusted
 * proxies, the JSON mapper, app loading and logging defaults. Not API: it may change in any
 * release.
 */
package dev.carafe.internal;
