import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts DynamoDB Local listening on 127.0.0.1 only. The jar has no option for the bind address (its
 * Jetty server is built with a port alone, so it listens on every interface), so this builds the server
 * from the same command-line arguments, sets the host of its connector and starts it.
 * infra/local/dynamodb-local.ts compiles it once per jar (with the JVM's own compiler module) and runs it.
 * It refuses to start when the jar's insides are not as expected, rather than listen on every interface.
 */
public final class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server server = null;
    for (Field field : DynamoDBProxyServer.class.getDeclaredFields()) {
      if (Server.class.isAssignableFrom(field.getType())) {
        field.setAccessible(true);
        server = (Server) field.get(proxy);
      }
    }
    if (server == null) throw new IllegalStateException("DynamoDB Local has no Jetty server field: cannot bind it to 127.0.0.1");
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local's Jetty server has no connector");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) throw new IllegalStateException("Unexpected connector " + connector.getClass().getName());
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
  }
}
