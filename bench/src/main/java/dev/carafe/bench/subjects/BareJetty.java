package dev.carafe.bench.subjects;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The one Jetty the bare subjects share, so they differ only in the handler they measure. */
final class BareJetty {
  private BareJetty() {}

  /** Serves {@code handler} on 127.0.0.1 at the port given as the only argument, until killed. */
  static void serve(String[] args, Handler handler) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    server.join();
  }
}
