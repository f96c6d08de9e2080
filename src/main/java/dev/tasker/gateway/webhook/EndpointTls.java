package dev.tasker.gateway.webhook;

import java.nio.file.Path;

/**
 * How deliveries to one HTTPS endpoint do TLS: trust only the CA in {@code ca_file} (the JDK's default trust
 * when null) and present {@code client_cert_file}/{@code client_key_file} to the receiver (mutual TLS) when set.
 *
 * @param caFile         PEM CA certificates, or null
 * @param clientCertFile PEM client certificate chain, or null
 * @param clientKeyFile  PEM PKCS#8 key of the client certificate, or null (set exactly when the certificate is)
 */
public record EndpointTls(Path caFile, Path clientCertFile, Path clientKeyFile) {

    /** The JDK's default trust, no client certificate. */
    public static final EndpointTls DEFAULT = new EndpointTls(null, null, null);

    public boolean isDefault() {
        return caFile == null && clientCertFile == null && clientKeyFile == null;
    }
}
