package dev.tasker.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One kept-alive TLS connection to a local server with HTTP/1.1 requests written by hand, so a test controls
 * the protocols and suites offered and sees which certificate a given connection was served.
 */
public final class TlsConnection implements AutoCloseable {

    /** An answer: status, headers (lower-case names) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private TlsConnection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1 and completes the handshake (throws {@code SSLHandshakeException} if refused). */
    public static TlsConnection open(int port, SSLContext context) throws IOException {
        return open(port, context, null, null);
    }

    /** @param protocols offered protocols, null for the JDK's; @param suites offered suites, null for the JDK's */
    public static TlsConnection open(int port, SSLContext context, String[] protocols, String[] suites)
            throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        if (protocols != null) {
            socket.setEnabledProtocols(protocols);
        }
        if (suites != null) {
            socket.setEnabledCipherSuites(suites);
        }
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new TlsConnection(socket);
    }

    public X509Certificate peerLeaf() throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    public String protocol() {
        return socket.getSession().getProtocol();
    }

    public String cipherSuite() {
        return socket.getSession().getCipherSuite();
    }

    /** GET on this connection, kept alive; headers are name-value pairs. */
    public Answer get(String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> answerHeaders = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            answerHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else {
            body.write(in.readNBytes(Integer.parseInt(answerHeaders.getOrDefault("content-length", "0"))));
        }
        return new Answer(status, answerHeaders, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /**
     * A minimal ClientHello written by hand (no extensions), so a test can offer what this JVM's client would
     * not: TLS 1.1 with AES-CBC-SHA suites ({@code minor} 2), or TLS 1.2 with ECDHE-RSA AES-GCM ({@code minor} 3).
     */
    public static byte[] clientHello(int minor) {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.writeBytes(new byte[] {3, (byte) minor}); // client_version
        hello.writeBytes(new byte[32]); // random
        hello.write(0); // no session id
        int[] suites = minor == 2 ? new int[] {0xC013, 0xC014, 0x002F, 0x0035} // ECDHE_RSA, RSA with AES-CBC-SHA
                : new int[] {0xC02F, 0xC030}; // ECDHE_RSA with AES-GCM
        hello.write(0);
        hello.write(suites.length * 2);
        for (int suite : suites) {
            hello.write(suite >> 8);
            hello.write(suite & 0xFF);
        }
        hello.writeBytes(new byte[] {1, 0}); // compression: null
        byte[] body = hello.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {22, 3, 2}); // handshake record, TLS 1.1
        int handshakeLength = body.length + 4;
        record.write(handshakeLength >> 8);
        record.write(handshakeLength & 0xFF);
        record.write(1); // client_hello
        record.write(0);
        record.write(body.length >> 8);
        record.write(body.length & 0xFF);
        record.writeBytes(body);
        return record.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
