package dev.tasker.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets and real TLS: pinned addresses against DNS rebinding, and per-endpoint trust. */
class WebhookTransportSecurityTest {

    private static final String BODY = "{\"event_id\":\"e1\"}";
    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    @TempDir
    Path folder;

    private final java.util.List<HttpServer> servers = new java.util.ArrayList<>();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> hits =
            new java.util.concurrent.ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    private <S extends HttpServer> S serve(S server, String name) {
        hits.put(name, new AtomicInteger());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                hits.get(name).incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        servers.add(server);
        return server;
    }

    private static WebhookEndpoint endpoint(URI url, EndpointTls tls) {
        return new WebhookEndpoint("e", url, List.of(SECRET), List.of("*"), List.of(), Duration.ofSeconds(5),
                RetrySchedule.DEFAULT, true, 1, tls);
    }

    private static WebhookSender sender(DeliveryTargetGuard guard) {
        return new WebhookSender(guard, WireJson.newObjectMapper(), Clock.systemUTC());
    }

    @Test
    void rebindingBetweenCheckAndConnectStillReachesOnlyTheCheckedAddress() throws Exception {
        HttpServer checked = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10), "checked");
        int port = checked.getAddress().getPort();
        serve(HttpServer.create(new InetSocketAddress("127.0.0.2", port), 10), "rebound");
        AtomicInteger lookups = new AtomicInteger();
        // the name answers the checked address first, then the other one: a rebinding resolver
        PrivateNetworkTargetGuard guard = new PrivateNetworkTargetGuard(host -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")});

        AttemptResult result = sender(guard).send(endpoint(URI.create("http://rebind.test:" + port + "/hook"),
                EndpointTls.DEFAULT), "e1", "x.y", BODY, null);

        assertThat(result.statusCode()).isEqualTo(204);
        assertThat(lookups).hasValue(1);
        assertThat(hits.get("checked")).hasValue(1);
        assertThat(hits.get("rebound")).hasValue(0);
    }

    @Test
    void httpsReceiverWithItsOwnCaIsDeliveredToAndAnotherCaIsARecordedTlsFailure() throws Exception {
        TestCertificates.Issued receiverCa = TestCertificates.authority("receiver-ca");
        TestCertificates.Issued otherCa = TestCertificates.authority("other-ca");
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        https.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.server(receiverCa).serverContext()));
        serve(https, "https");
        URI url = URI.create("https://localhost:" + https.getAddress().getPort() + "/hook");
        Path trusted = receiverCa.write(folder, "receiver-ca")[0];
        Path untrusted = otherCa.write(folder, "other-ca")[0];
        WebhookSender sender = sender(DeliveryTargetGuard.ALLOW_ALL);

        AttemptResult delivered = sender.send(endpoint(url, new EndpointTls(trusted, null, null)), "e1", "x.y",
                BODY, null);
        AttemptResult refused = sender.send(endpoint(url, new EndpointTls(untrusted, null, null)), "e2", "x.y",
                BODY, null);

        assertThat(delivered.statusCode()).isEqualTo(204);
        assertThat(refused.statusCode()).isNull();
        assertThat(refused.error()).startsWith("tls: ");
        assertThat(WebhookSender.outcome(refused)).isEqualTo("tls");
        assertThat(hits.get("https")).hasValue(1);
    }
}
