package dev.carafe.bench.subjects;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * A bare Jakarta servlet on Jetty 12 answering the same JSON: the ceiling for a framework that,
 * like Javalin, runs on the servlet layer.
 */
public final class ServletHello {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ServletHello() {}

  /** Serves {@code GET /api/hello} on 127.0.0.1 at the port given as the only argument. */
  public static void main(String[] args) throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(Hello.class, "/api/hello");
    BareJetty.serve(args, context);
  }

  /** Writes the JSON message; public so that Jetty can instantiate it. */
  public static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      byte[] body = MAPPER.writeValueAsBytes(Map.of("message", "Hello, World!"));
      response.setContentType("application/json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }
}
