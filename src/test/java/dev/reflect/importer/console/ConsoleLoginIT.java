package dev.reflect.importer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflect.importer.testsupport.ChildProcess;
import dev.reflect.importer.testsupport.ImporterProcess;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflect console} on 0.0.0.0, beyond the loopback interface: Hawtio's login is on and lets in only
 * {@code MANAGEMENT_USER} with {@code MANAGEMENT_PASSWORD}; without them the console does not start. The console
 * runs as {@code ./reflect console} runs it (its own process and class path), so its JAAS login module is loaded
 * as in production.
 */
class ConsoleLoginIT {

    private static final String USER = "operator";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final String PROTECTED = "/hawtio/jolokia/version";

    @TempDir
    static Path work;

    private static ConsoleProcess console;
    private static int port;

    @BeforeAll
    static void startConsole() throws Exception {
        port = ImporterProcess.freePort();
        console = ConsoleProcess.start(Map.of("CONSOLE_HOST", "0.0.0.0", "CONSOLE_PORT", Integer.toString(port),
                "MANAGEMENT_USER", USER, "MANAGEMENT_PASSWORD", PASSWORD), work.resolve("console.log"));
        console.awaitStarted();
    }

    @AfterAll
    static void stopConsole() throws InterruptedException {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void should_refuse_hawtio_jolokia_and_proxy_without_a_login() throws Exception {
        HttpClient browser = newBrowser();

        HttpResponse<String> jolokia = get(browser, PROTECTED);
        HttpResponse<String> proxy = get(browser, "/hawtio/proxy/http/127.0.0.1/9876/observe/jolokia/version");

        assertThat(jolokia.statusCode()).as(jolokia.body()).isIn(401, 403);
        assertThat(proxy.statusCode()).as(proxy.body()).isIn(401, 403);
    }

    @Test
    void should_refuse_the_login_with_a_wrong_password_or_user() throws Exception {
        HttpClient browser = newBrowser();

        assertThat(login(browser, USER, PASSWORD + "x").statusCode()).isIn(401, 403);
        assertThat(login(browser, "admin", PASSWORD).statusCode()).isIn(401, 403);
        assertThat(get(browser, PROTECTED).statusCode()).isIn(401, 403);
    }

    @Test
    void should_open_hawtio_jolokia_to_the_session_of_the_right_login() throws Exception {
        HttpClient browser = newBrowser();

        HttpResponse<String> login = login(browser, USER, PASSWORD);
        HttpResponse<String> version = get(browser, PROTECTED);

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.body()).contains(USER).doesNotContain(PASSWORD);
        assertThat(version.statusCode()).as(version.body()).isEqualTo(200);
        assertThat(version.body()).contains("\"agent\"");
    }

    @Test
    void should_show_the_password_neither_in_hawtios_attribute_views_nor_in_the_log() throws Exception {
        HttpClient browser = newBrowser();
        assertThat(login(browser, USER, PASSWORD + "-wrong").statusCode()).isIn(401, 403);
        assertThat(login(browser, USER, PASSWORD).statusCode()).isEqualTo(200);

        // Every attribute of every MBean of the console's JVM, as Hawtio's attribute views read them.
        HttpResponse<String> everything = get(browser, "/hawtio/jolokia/read/*:*?ignoreErrors=true");

        assertThat(everything.statusCode()).isEqualTo(200);
        assertThat(everything.body()).contains("java.lang:type=Runtime", "hawtio.rolePrincipalClasses")
                .doesNotContain(PASSWORD);
        assertThat(console.output()).contains("login is required, for MANAGEMENT_USER " + USER)
                .doesNotContain(PASSWORD)
                .doesNotContain("configure a JAAS realm");
    }

    @Test
    void should_log_in_through_hawtios_login_page_in_a_browser() throws Exception {
        Path base = ChildProcess.basedir();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Debian's chromium is not installed (.ci/run installs it)");
        assumeTrue(Files.isDirectory(base.resolve("src/test/browser/node_modules/playwright-core")),
                "playwright-core is not installed (npm ci --prefix src/test/browser)");
        ProcessBuilder node = new ProcessBuilder("node", base.resolve("src/test/browser/login.test.mjs").toString())
                .directory(base.toFile())
                .redirectErrorStream(true);
        node.environment().put("CONSOLE_URL", "http://127.0.0.1:" + port + "/");
        node.environment().put("LOGIN_USER", USER);
        node.environment().put("LOGIN_PASSWORD", PASSWORD);
        Process browser = node.start();
        browser.getOutputStream().close();
        String output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(browser.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(browser.exitValue()).as(output + "\nconsole log:\n" + console.output()).isZero();
        assertThat(output).contains("login form shown", "wrong password refused", "logged in as " + USER,
                "login test passed").doesNotContain(PASSWORD);
    }

    @Test
    void should_refuse_to_start_on_another_host_without_management_user_and_password() throws Exception {
        Path output = Files.createTempFile(work, "refused-", ".log");
        ConsoleProcess refused = ConsoleProcess.start(Map.of("CONSOLE_HOST", "0.0.0.0",
                "CONSOLE_PORT", Integer.toString(ImporterProcess.freePort()), "MANAGEMENT_USER", USER), output);

        int exit = refused.awaitExit();

        assertThat(exit).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("CONSOLE_HOST=0.0.0.0", "MANAGEMENT_USER", "MANAGEMENT_PASSWORD")
                .doesNotContain("Console: http://");
    }

    private static HttpClient newBrowser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> login(HttpClient browser, String user, String password)
            throws IOException, InterruptedException {
        String json = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
        return browser.send(HttpRequest.newBuilder(uri("/hawtio/auth/login")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient browser, String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
