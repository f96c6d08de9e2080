package dev.tasker.gateway.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWK set served on 127.0.0.1 (JDK HTTP server, port 0): the keys can be replaced (rotation), the server
 * told to fail with 500 (an identity provider outage) or stopped; it counts the fetches.
 */
public final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String body = "{\"keys\":[]}";
    private volatile boolean failing;

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    public static JwksServer start(List<JWK> keys) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            JwksServer jwks = new JwksServer(http);
            jwks.serve(keys);
            http.createContext("/.well-known/jwks.json", exchange -> {
                jwks.fetches.incrementAndGet();
                byte[] answer = (jwks.failing ? "{\"error\":\"down\"}" : jwks.body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(jwks.failing ? 500 : 200, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            http.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves these keys from now on (public parts only). */
    public void serve(List<JWK> keys) {
        body = new JWKSet(keys).toPublicJWKSet().toString();
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }

    public int fetches() {
        return fetches.get();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
