package dev.carafe;

import dev.carafe.internal.ErrorBody;

/**
 * Carafe's default error bodies as responses: RFC 9457 {@code application/problem+json} for clients
 * that prefer JSON, a small HTML page for everyone else. Never a stack trace. The servers answer
 * what they refuse before an app runs with the same bodies ({@link ErrorBody}).
 */
final class ErrorPages {
  private ErrorPages() {}

  static String reason(int status) {
    return ErrorBody.reason(status);
  }

  static Response render(int status, String detail, String accept) {
    if (prefersJson(accept)) {
      return Response.of(status, ErrorBody.problem(status, detail))
          .contentType(ErrorBody.PROBLEM_JSON);
    }
    return Response.of(status, ErrorBody.html(status, detail)).contentType(ErrorBody.HTML);
  }

  /** True when the Accept header ranks a JSON type above HTML. */
  static boolean prefersJson(String accept) {
    return ErrorBody.prefersJson(accept);
  }

  /** True when the Accept header ranks HTML above JSON. */
  static boolean prefersHtml(String accept) {
    return ErrorBody.prefersHtml(accept);
  }
}
