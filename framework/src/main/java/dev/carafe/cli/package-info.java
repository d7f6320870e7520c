/** The {@code carafe} command line: servers, {@code routes}, {@code config} and app commands. */
package dev.carafe.cli;
