package dev.carafe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the passwords a URL setting may carry, such as {@code database_url}: the user's password in
 * {@code jdbc:postgresql://user:secret@host/db}, and a parameter named like a secret in {@code
 * ?password=secret} or {@code ;sslPassword=secret}. The URL's key names no secret, yet it must
 * print as safely as one that does.
 */
final class UrlPasswords {
  static final String MASK = "******";

  /**
   * {@code //user:password@}; the password runs to the authority's last {@code @}, for a password
   * written with an {@code @} unencoded.
   */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@\\s:]*:)[^/?#\\s]*(?=@)");

  /** A {@code name=value} parameter after {@code ?}, {@code &} or {@code ;}. */
  private static final Pattern PARAMETER = Pattern.compile("([?&;]([\\w.-]+)=)([^&;#\\s]*)");

  private UrlPasswords() {}

  static String masked(String value) {
    String masked = USER_INFO.matcher(value).replaceAll("$1" + MASK);
    Matcher parameter = PARAMETER.matcher(masked);
    return parameter.replaceAll(
        found ->
            Config.isSecret(found.group(2))
                ? Matcher.quoteReplacement(found.group(1) + MASK)
                : Matcher.quoteReplacement(found.group()));
  }
}
