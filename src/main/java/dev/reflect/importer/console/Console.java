package dev.reflect.importer.console;

import static dev.reflect.importer.app.SettingsTable.CONSOLE_HOST;
import static dev.reflect.importer.app.SettingsTable.CONSOLE_PORT;
import static dev.reflect.importer.app.SettingsTable.MANAGEMENT_HOST;
import static dev.reflect.importer.app.SettingsTable.MANAGEMENT_PASSWORD;
import static dev.reflect.importer.app.SettingsTable.MANAGEMENT_PORT;
import static dev.reflect.importer.app.SettingsTable.MANAGEMENT_USER;

import dev.reflect.importer.app.SettingValues;
import dev.reflect.importer.app.SettingsException;
import dev.reflect.importer.ops.Hosts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.webapp.WebAppContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reflect console}: Hawtio 4 on an embedded Jetty, in its own process, connected to the importer's
 * Jolokia endpoint ({@code /observe/jolokia} on the management server of {@code reflect watch}).
 *
 * <p>Hawtio's own proxy ({@code /hawtio/proxy/...}) talks to Jolokia; the page at {@code /} stores the
 * connection in the browser (Hawtio 4 keeps connections in {@code localStorage}) and opens the Camel view.
 * Settings ({@link dev.reflect.importer.app.SettingsTable}): {@code CONSOLE_HOST}, {@code CONSOLE_PORT}, and the
 * importer's {@code MANAGEMENT_HOST} and {@code MANAGEMENT_PORT}. Hawtio's login is switched off only
 * when the console listens on the loopback interface; on any other {@code CONSOLE_HOST} the console needs the
 * importer's {@code MANAGEMENT_USER} and {@code MANAGEMENT_PASSWORD} (environment only) and Hawtio's login page
 * asks for them ({@link ConsoleRealm}, {@link ConsoleLoginModule}).
 */
public final class Console {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    static final String CONNECTION = "importer";

    private final String host;
    private final int port;
    private final String importerHost;
    private final int importerPort;
    private final Path war;
    private final ConsoleRealm login;
    private Server server;

    /**
     * @param login the user store of Hawtio's login; null only for a loopback {@code host}, where the login is off
     * @throws IllegalArgumentException for another host without a login
     */
    Console(String host, int port, String importerHost, int importerPort, Path war, ConsoleRealm login) {
        if (login == null && !Hosts.isLoopback(host)) {
            throw new IllegalArgumentException(missingLogin(host));
        }
        this.host = host;
        this.port = port;
        this.importerHost = importerHost;
        this.importerPort = importerPort;
        this.war = war;
        this.login = Hosts.isLoopback(host) ? null : login;
    }

    /**
     * The console for these environment variables ({@code CONSOLE_HOST}, {@code CONSOLE_PORT},
     * {@code MANAGEMENT_HOST}, {@code MANAGEMENT_PORT}, and for a host beyond the loopback interface
     * {@code MANAGEMENT_USER} and {@code MANAGEMENT_PASSWORD}), read as {@link dev.reflect.importer.app.SettingsTable}
     * declares them: the environment over {@code application.properties} over the default.
     *
     * @throws IllegalArgumentException naming the variables missing for a host beyond the loopback interface
     * @throws SettingsException naming a variable that is not valid
     */
    static Console fromEnvironment(Map<String, String> env, Path war) {
        SettingValues settings = SettingValues.fromClasspath(env, Map.of());
        String host = settings.get(CONSOLE_HOST);
        int port = settings.get(CONSOLE_PORT);
        String importerHost = settings.get(MANAGEMENT_HOST);
        int importerPort = settings.get(MANAGEMENT_PORT);
        ConsoleRealm login = null;
        if (!Hosts.isLoopback(host)) {
            // Read as the importer's management server reads them (trimmed), so one password opens both.
            String user = settings.get(MANAGEMENT_USER);
            String password = settings.get(MANAGEMENT_PASSWORD);
            if (user == null || password == null) {
                throw new IllegalArgumentException(missingLogin(host));
            }
            login = new ConsoleRealm(user, password);
        }
        return new Console(host, port, importerHost, importerPort, war, login);
    }

    private static String missingLogin(String host) {
        return "CONSOLE_HOST=" + host + " opens Hawtio (and through it the importer's Jolokia) beyond this machine: "
                + "set MANAGEMENT_USER and MANAGEMENT_PASSWORD too (Hawtio's login page asks for them), "
                + "or keep CONSOLE_HOST=127.0.0.1.";
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(args.length > 0 ? args[0] : "target/console/hawtio-war.war");
        if (!Files.isRegularFile(war)) {
            System.err.println("reflect console: no Hawtio war at " + war + " (mvn package copies it there)");
            System.exit(2);
        }
        Console console;
        try {
            console = fromEnvironment(System.getenv(), war);
        } catch (IllegalArgumentException | SettingsException e) {
            System.err.println("reflect console: " + e.getMessage());
            System.exit(2);
            return;
        }
        console.start();
        Runtime.getRuntime().addShutdownHook(new Thread(console::stop, "console-stop"));
        System.out.println("Console: " + console.url() + " (Hawtio, connected to the importer's Jolokia at "
                + console.jolokiaUrl() + ")");
        console.server.join();
    }

    void start() throws Exception {
        if (login == null) {
            System.setProperty("hawtio.authenticationEnabled", "false");
        } else {
            login.install();
            LOG.info("The console listens on {}: Hawtio's login is required, for MANAGEMENT_USER {}", host, login.user());
        }
        if (!Hosts.isLoopback(importerHost)) {
            System.setProperty("hawtio.proxyAllowlist", "localhost, 127.0.0.1, " + importerHost);
        }
        server = new Server(new InetSocketAddress(host, port));

        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toAbsolutePath().toString());
        hawtio.setParentLoaderPriority(true);
        hawtio.setTempDirectory(Files.createTempDirectory("reflect-console-").toFile());
        hawtio.setPersistTempDirectory(false);
        hawtio.setThrowUnavailableOnStartupException(true);

        ServletContextHandler start = new ServletContextHandler();
        start.setContextPath("/");
        start.addServlet(new ServletHolder(new StartPage(importerHost, importerPort)), "/");

        server.setHandler(new ContextHandlerCollection(hawtio, start));
        server.start();
    }

    void stop() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            LOG.warn("Could not stop the console: {}", e.toString());
        }
    }

    int localPort() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    String url() {
        return "http://" + host + ":" + localPort() + "/";
    }

    String jolokiaUrl() {
        return "http://" + importerHost + ":" + importerPort + "/observe/jolokia";
    }

    /** Stores the importer connection in the browser and opens Hawtio's Camel view with it. */
    static final class StartPage extends HttpServlet {
        private final String importerHost;
        private final int importerPort;

        StartPage(String importerHost, int importerPort) {
            this.importerHost = importerHost;
            this.importerPort = importerPort;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!"/".equals(request.getPathInfo()) && request.getPathInfo() != null) {
                response.sendError(404);
                return;
            }
            String connection = "{\"" + CONNECTION + "\":{\"id\":\"" + CONNECTION + "\",\"name\":\"" + CONNECTION
                    + "\",\"scheme\":\"http\",\"host\":\"" + importerHost.replaceAll("[^A-Za-z0-9.:\\[\\]-]", "")
                    + "\",\"port\":" + importerPort + ",\"path\":\"/observe/jolokia\"}}";
            String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>reflect console</title></head>"
                    + "<body><p>Opening Hawtio on the importer&hellip;</p><script>\n"
                    + "var stored = JSON.parse(localStorage.getItem('connect.connections') || '{}');\n"
                    + "Object.assign(stored, " + connection + ");\n"
                    + "localStorage.setItem('connect.connections', JSON.stringify(stored));\n"
                    + "location.replace('/hawtio/camel/contexts?con=" + CONNECTION + "');\n"
                    + "</script></body></html>";
            response.setContentType("text/html");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(page);
        }
    }
}
