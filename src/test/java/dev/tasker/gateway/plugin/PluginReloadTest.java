package dev.tasker.gateway.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.testing.PluginJarBuilder;
import dev.tasker.gateway.testing.PluginSources;
import dev.tasker.gateway.testing.PluginTestHooks;
import dev.tasker.gateway.testing.TestGateway;
import java.lang.ref.WeakReference;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reload without restart: POST /v1/plugins/reload swaps the registry while steps keep running. */
class PluginReloadTest {

    private Path plugins;
    private TestGateway gateway;

    @BeforeEach
    void folder() throws Exception {
        plugins = Files.createTempDirectory("plugins");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void reloadAnswersWhatWasAddedReplacedRemovedAndFailed() {
        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "1.0.0");
        writeHandlerJar("billing.jar", "plugin.billing.Billing", "billing", "1.0.0");
        writeHandlerJar("stable.jar", "plugin.stable.Stable", "stable", "1.0.0");
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));

        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "2.0.0");
        delete("billing.jar");
        writeHandlerJar("shipping.jar", "plugin.shipping.Shipping", "shipping", "1.0.0");
        PluginJarBuilder.writeNotAZip(plugins.resolve("broken.jar"));
        JsonNode report = reload();

        assertThat(names(report.get("added"))).containsExactly("shipping");
        assertThat(names(report.get("replaced"))).containsExactly("orders");
        assertThat(names(report.get("removed"))).containsExactly("billing");
        JsonNode replaced = report.get("replaced").get(0);
        assertThat(replaced.get("version").asText()).isEqualTo("2.0.0");
        assertThat(replaced.get("previous_version").asText()).isEqualTo("1.0.0");
        assertThat(replaced.get("source").get("sha256").asText())
                .isNotEqualTo(replaced.get("previous_source").get("sha256").asText());
        assertThat(report.get("failed")).hasSize(1);
        assertThat(report.get("failed").get(0).get("jar").asText()).isEqualTo("broken.jar");
        assertThat(report.get("failed").get(0).get("kind").asText()).isEqualTo("not_a_zip");
        assertThat(gateway.get("/v1/handlers/billing").statusCode()).isEqualTo(404);
        assertThat(handlerVersion("orders")).isEqualTo("2.0.0");
    }

    @Test
    void aNewJarClaimingAServedNameFailsAndTheIncumbentKeepsItChangedOrNot() {
        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "1.0.0");
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));

        // a.jar sorts before orders.jar: file-name order alone would hand it the name
        writeHandlerJar("a.jar", "plugin.a.Orders", "orders", "9.9.9");
        JsonNode unchanged = reload();

        assertThat(unchanged.get("added")).isEmpty();
        assertThat(unchanged.get("replaced")).isEmpty();
        assertThat(sourceJar("orders")).isEqualTo("orders.jar");
        assertOnlyFailureIsAJarsClashWithOrdersJar(unchanged);

        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "2.0.0");
        JsonNode changed = reload();

        assertThat(names(changed.get("replaced"))).containsExactly("orders");
        assertThat(changed.get("replaced").get(0).get("source").get("jar").asText()).isEqualTo("orders.jar");
        assertThat(sourceJar("orders")).isEqualTo("orders.jar");
        assertThat(stepVersion("orders")).isEqualTo("2.0.0");
        assertOnlyFailureIsAJarsClashWithOrdersJar(changed);
    }

    private void assertOnlyFailureIsAJarsClashWithOrdersJar(JsonNode report) {
        assertThat(report.get("failed")).hasSize(1);
        JsonNode failure = report.get("failed").get(0);
        assertThat(failure.get("jar").asText()).isEqualTo("a.jar");
        assertThat(failure.get("kind").asText()).isEqualTo("name_taken");
        assertThat(failure.get("class_name").asText()).isEqualTo("plugin.a.Orders");
        assertThat(failure.get("cause").asText()).contains("plugin a.jar").contains("plugin orders.jar");
    }

    @Test
    void anUnchangedJarKeepsItsClassLoaderAndLoadTime() {
        writeHandlerJar("stable.jar", "plugin.stable.Stable", "stable", "1.0.0");
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));
        JsonNode before = TestGateway.json(gateway.get("/v1/handlers/stable"));
        ClassLoader loaderBefore = handlerClassLoader("stable");

        JsonNode report = reload();

        assertThat(report.get("added")).isEmpty();
        assertThat(report.get("replaced")).isEmpty();
        assertThat(report.get("removed")).isEmpty();
        assertThat(TestGateway.json(gateway.get("/v1/handlers/stable")).get("source"))
                .isEqualTo(before.get("source"));
        assertThat(handlerClassLoader("stable")).isSameAs(loaderBefore);
        assertThat(((PluginClassLoader) loaderBefore).isClosed()).isFalse();
    }

    @Test
    void aRunningStepFinishesOnItsOldHandlerAndTheOldLoaderClosesOnlyAfterIt() throws Exception {
        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "1.0.0");
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));
        PluginClassLoader oldLoader = (PluginClassLoader) handlerClassLoader("orders");
        PluginTestHooks.reset();
        CompletableFuture<HttpResponse<String>> blocked = CompletableFuture.supplyAsync(() ->
                gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"orders\"}},"
                        + "\"task\":{\"task\":{\"context\":{\"block\":true}}}}"));
        assertThat(PluginTestHooks.awaitEntered()).isTrue();

        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "2.0.0");
        reload();

        assertThat(oldLoader.isClosed()).as("closed while a step runs on it").isFalse();
        assertThat(oldLoader.inUse()).isEqualTo(1);
        assertThat(stepVersion("orders")).isEqualTo("2.0.0");
        PluginTestHooks.release();
        JsonNode finished = TestGateway.json(blocked.get(30, TimeUnit.SECONDS));
        assertThat(finished.get("result").get("version").asText()).isEqualTo("1.0.0");
        assertThat(finished.get("metadata").get("handler_version").asText()).isEqualTo("1.0.0");
        awaitTrue(oldLoader::isClosed);
    }

    @Test
    void underLoadNoRequestFailsAndTheNewVersionAnswersAfterReload() throws Exception {
        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "1.0.0");
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> versions = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        int clients = 4;
        CountDownLatch warmedUp = new CountDownLatch(clients * 20);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    HttpResponse<String> response = gateway.postJson("/v1/steps", LoadingSteps.ORDERS);
                    sent.incrementAndGet();
                    JsonNode body = TestGateway.json(response);
                    if (response.statusCode() != 200 || !body.get("success").asBoolean()) {
                        problems.add(response.statusCode() + " " + response.body());
                    } else {
                        versions.add(body.get("metadata").get("handler_version").asText());
                    }
                    warmedUp.countDown();
                }
            }, "load-client-" + i);
            client.start();
            threads.add(client);
        }
        assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
        PluginClassLoader oldLoader = (PluginClassLoader) handlerClassLoader("orders");

        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "2.0.0");
        JsonNode report = reload();
        int sentAtReload = sent.get();
        awaitTrue(() -> sent.get() >= sentAtReload + clients * 20);
        running.set(false);
        for (Thread client : threads) {
            client.join(TimeUnit.SECONDS.toMillis(30));
        }

        org.slf4j.LoggerFactory.getLogger(PluginReloadTest.class).info(
                "reload under load: {} steps from {} clients, {} answered by 1.0.0, {} by 2.0.0, {} problems",
                sent.get(), clients, versions.stream().filter("1.0.0"::equals).count(),
                versions.stream().filter("2.0.0"::equals).count(), problems.size());
        assertThat(problems).isEmpty();
        assertThat(names(report.get("replaced"))).containsExactly("orders");
        assertThat(versions).contains("1.0.0", "2.0.0");
        assertThat(handlerVersion("orders")).isEqualTo("2.0.0");
        assertThat(stepVersion("orders")).isEqualTo("2.0.0");
        awaitTrue(oldLoader::isClosed);
    }

    @Test
    void aRemovedJarsClassLoaderCanBeGarbageCollected() throws Exception {
        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "1.0.0");
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));
        assertThat(stepVersion("orders")).isEqualTo("1.0.0");
        WeakReference<ClassLoader> loader = new WeakReference<>(handlerClassLoader("orders"));

        delete("orders.jar");
        JsonNode report = reload();
        assertThat(names(report.get("removed"))).containsExactly("orders");

        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(loader.get()).as("the removed jar's class loader is still reachable").isNull();
    }

    @Test
    void aJarReplacedWhileAStepRanOnItCanBeGarbageCollectedOnceTheStepEnds() throws Exception {
        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "1.0.0");
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));
        WeakReference<ClassLoader> loader = new WeakReference<>(handlerClassLoader("orders"));
        PluginTestHooks.reset();
        CompletableFuture<HttpResponse<String>> blocked = CompletableFuture.supplyAsync(() ->
                gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"orders\"}},"
                        + "\"task\":{\"task\":{\"context\":{\"block\":true}}}}"));
        assertThat(PluginTestHooks.awaitEntered()).isTrue();

        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "2.0.0");
        assertThat(names(reload().get("replaced"))).containsExactly("orders");
        PluginTestHooks.release();
        JsonNode finished = TestGateway.json(blocked.get(30, TimeUnit.SECONDS));
        assertThat(finished.get("result").get("version").asText()).isEqualTo("1.0.0");
        awaitTrue(() -> ((PluginClassLoader) loader.get()).isClosed());

        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(loader.get()).as("the replaced jar's class loader is still reachable after its step ended")
                .isNull();
    }

    @Test
    void watchingTheFolderLoadsANewJarWithoutAReloadCall() {
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString(), "plugins_watch", "true"));
        assertThat(gateway.get("/v1/handlers/watched").statusCode()).isEqualTo(404);

        writeHandlerJar("watched.jar", "plugin.watched.Watched", "watched", "1.0.0");

        awaitTrue(() -> gateway.get("/v1/handlers/watched").statusCode() == 200);
        assertThat(stepVersion("watched")).isEqualTo("1.0.0");
    }

    @Test
    void readinessWaitsForARequiredPluginHandler() {
        gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString(), "required_handlers", "echo,orders"));
        HttpResponse<String> notReady = gateway.get("/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(TestGateway.json(notReady).get("checks").get("required_handlers").get("detail").asText())
                .isEqualTo("not registered: orders");

        writeHandlerJar("orders.jar", "plugin.orders.Orders", "orders", "1.0.0");
        reload();

        assertThat(gateway.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aFailureIsLoggedOnceNotOnEveryReloadThatRepeatsIt() {
        PluginJarBuilder.writeNotAZip(plugins.resolve("broken.jar"));
        ch.qos.logback.classic.Logger log =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PluginManager.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            gateway = TestGateway.start(Map.of("plugins_dir", plugins.toString()));
            JsonNode again = reload();
            reload();

            assertThat(again.get("failed")).hasSize(1);
            assertThat(events.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().startsWith("plugin broken.jar: not_a_zip: not a zip/jar file");
        } finally {
            log.detachAppender(events);
        }
    }

    @Test
    void aPluginsFolderThatIsTheCopiesFolderStopsStartUpNamingTheSetting() {
        Path data = plugins.resolve("data");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestGateway.start(Map.of(
                        "data_dir", data.toString(), "plugins_dir", data.resolve("plugins").toString())))
                .hasMessageContaining("GATEWAY_PLUGINS_DIR").hasMessageContaining("GATEWAY_DATA_DIR");
    }

    @Test
    void aMissingPluginsFolderIsCreatedAtStart() {
        Path missing = plugins.resolve("not-yet");

        gateway = TestGateway.start(Map.of("plugins_dir", missing.toString()));

        assertThat(missing).isDirectory();
        assertThat(TestGateway.json(gateway.get("/v1/plugins")).get("jars")).isEmpty();
    }

    private void writeHandlerJar(String jar, String className, String name, String version) {
        PluginJarBuilder.create()
                .source(className, PluginSources.handler(className, name, version))
                .service(StepHandler.class, className)
                .writeTo(plugins.resolve(jar));
    }

    private void delete(String jar) {
        try {
            Files.delete(plugins.resolve(jar));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode reload() {
        HttpResponse<String> response = gateway.postJson("/v1/plugins/reload", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestGateway.json(response);
    }

    private String handlerVersion(String name) {
        return TestGateway.json(gateway.get("/v1/handlers/" + name)).get("version").asText();
    }

    private String sourceJar(String name) {
        return TestGateway.json(gateway.get("/v1/handlers/" + name)).get("source").get("jar").asText();
    }

    private String stepVersion(String name) {
        JsonNode result = TestGateway.json(gateway.postJson("/v1/steps",
                "{\"step_definition\":{\"handler\":{\"callable\":\"" + name + "\"}}}"));
        assertThat(result.get("result").get("version").asText())
                .isEqualTo(result.get("metadata").get("handler_version").asText());
        return result.get("metadata").get("handler_version").asText();
    }

    private ClassLoader handlerClassLoader(String name) {
        return gateway.server().application().registries().current().resolve(name).orElseThrow()
                .handler().getClass().getClassLoader();
    }

    private static List<String> names(JsonNode changes) {
        return StreamSupport.stream(changes.spliterator(), false).map(c -> c.get("name").asText()).toList();
    }

    /** Waits up to 30 s for the condition; fails the test if it never holds. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static final class LoadingSteps {
        static final String ORDERS = "{\"step_definition\":{\"handler\":{\"callable\":\"orders\"}}}";
    }
}
