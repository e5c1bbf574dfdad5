package dev.payroute.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools Protocol (java.net.http.WebSocket, no driver):
 * navigate, evaluate JavaScript, take screenshots. Started with a new empty profile and without background
 * networking (this machine's network is closed); stopped, profile deleted, by {@link #close}.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser's path, or a failure telling how to install it (CI installs it: .ci/run). */
    public static String executable() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        return CANDIDATES.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseThrow(() -> new AssertionError(
                "Chromium is not installed: the admin page's browser test needs it. Install Debian's package "
                        + "(apt-get install -y chromium) or set CHROMIUM to a Chromium/Chrome binary."));
    }

    public static HeadlessChromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("payroute-chromium-");
        Process process = new ProcessBuilder(executable(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            while (pageSocket == null) {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode target : targets) {
                    if ("page".equals(target.path("type").asText())) {
                        pageSocket = target.get("webSocketDebuggerUrl").asText();
                    }
                }
                if (pageSocket == null) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("Chromium opened no page: " + targets);
                    }
                    Thread.sleep(100);
                }
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(pageSocket), listener).get(10, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
            listener.browser = browser;
            browser.call("Page.enable", Map.of());
            browser.call("Runtime.enable", Map.of());
            // The viewport's size set through the protocol: --window-size alone can leave a page that is not laid out
            // yet (0 wide) when a busy machine is slow to create the window.
            browser.call("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            return browser;
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    /** One DevTools command; its result (a protocol error fails). */
    public JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new AssertionError(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    public void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression (promises awaited); an exception in the page fails. */
    public JsonNode eval(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    public String text(String expression) throws Exception {
        return eval(expression).asText();
    }

    /** Waits until the expression is true in the page, up to the timeout. */
    public void waitFor(String what, String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode value;
            try {
                value = eval("!!(" + expression + ")");
            } catch (AssertionError navigating) {
                value = null;
            }
            if (value != null && value.asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; page: "
                        + eval("location.href + ' ' + (document.body ? document.body.innerText.slice(0, 2000) : '')"));
            }
            Thread.sleep(100);
        }
    }

    /** A PNG of the whole page, written to file. */
    public void screenshot(Path file) throws Exception {
        waitFor("a laid-out page", "document.readyState === 'complete' && document.documentElement.getBoundingClientRect().width > 0",
                Duration.ofSeconds(10));
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        // Chromium's helper processes may still be removing files of the profile as it is walked (a file listed, then
        // gone: UncheckedIOException from the walk): a few tries, then a temporary profile left behind is harmless.
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // tried again below
            }
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();
        private volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String message = buffer.toString();
                buffer.setLength(0);
                try {
                    JsonNode node = JSON.readTree(message);
                    if (node.has("id") && browser != null) {
                        CompletableFuture<JsonNode> reply = browser.pending.remove(node.get("id").asInt());
                        if (reply != null) {
                            reply.complete(node);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable DevTools message", e);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    /** Every element's text matching a selector, in document order. */
    public List<String> texts(String selector) throws Exception {
        List<String> out = new ArrayList<>();
        eval("[...document.querySelectorAll(" + JSON.writeValueAsString(selector) + ")].map(e => e.textContent)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }
}
