package com.example.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.test.CarafeTest;
import dev.carafe.test.TestServer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;

/** One person's browser on the blog: its own cookie jar, filling in forms as a page shows them. */
final class Browser implements AutoCloseable {
  private static final Pattern TOKEN = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

  private final UnirestInstance client;

  Browser(TestServer server) {
    this.client = CarafeTest.client(server.url(""));
  }

  UnirestInstance client() {
    return client;
  }

  HttpResponse<String> get(String path) {
    return client.get(path).asString();
  }

  /**
   * Opens {@code page}, takes the CSRF token of its form, and posts the fields to {@code action}.
   */
  HttpResponse<String> submit(String page, String action, String... fields) {
    HttpResponse<String> form = get(page);
    assertEquals(200, form.getStatus(), page + ": " + form.getBody());
    Matcher token = TOKEN.matcher(form.getBody());
    if (!token.find()) {
      throw new AssertionError("No CSRF token on " + page + ": " + form.getBody());
    }
    var post = client.post(action).field("csrf_token", token.group(1));
    for (int i = 0; i < fields.length; i += 2) {
      post = post.field(fields[i], fields[i + 1]);
    }
    return post.asString();
  }

  HttpResponse<String> register(String username, String password) {
    return submit("/auth/register", "/auth/register", "username", username, "password", password);
  }

  HttpResponse<String> logIn(String username, String password) {
    return submit("/auth/login", "/auth/login", "username", username, "password", password);
  }

  @Override
  public void close() {
    client.close();
  }
}
