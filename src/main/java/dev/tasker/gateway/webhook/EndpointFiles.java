package dev.tasker.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.gateway.tls.ClientTls;
import dev.tasker.gateway.tls.PemFiles;
import dev.tasker.gateway.tls.TlsMaterialException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The file-valued fields of an endpoint: {@code secret_file} (mounted secrets) and the TLS files, read and
 * checked while the config is parsed so a bad file stops start-up with the field's path.
 */
final class EndpointFiles {

    private EndpointFiles() {
    }

    static Path path(JsonNode node, String field) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidWebhookConfigException(field, null, "expected a file path");
        }
        return Path.of(node.asText());
    }

    /** The non-blank lines of a secret file (one {@code whsec_} a line; several during a rotation). */
    static List<String> secretLines(Path file, String field, String endpoint) {
        try {
            return Arrays.stream(Files.readString(file, StandardCharsets.UTF_8).split("\\R"))
                    .map(String::trim).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new InvalidWebhookConfigException(field, endpoint, "cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static EndpointTls tls(JsonNode node, URI url, String where, String endpoint) {
        Path ca = optional(node, "ca_file", where, endpoint);
        Path cert = optional(node, "client_cert_file", where, endpoint);
        Path key = optional(node, "client_key_file", where, endpoint);
        EndpointTls tls = new EndpointTls(ca, cert, key);
        if (tls.isDefault()) {
            return tls;
        }
        if (!url.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            throw new InvalidWebhookConfigException(where + "." + (ca != null ? "ca_file" : "client_cert_file"),
                    endpoint, "TLS files need an https url");
        }
        if ((cert == null) != (key == null)) {
            throw new InvalidWebhookConfigException(where + "." + (cert == null ? "client_cert_file"
                    : "client_key_file"), endpoint, "client_cert_file and client_key_file go together");
        }
        check(where + ".ca_file", endpoint, ca, () -> PemFiles.certificates(ca));
        check(where + ".client_cert_file", endpoint, cert, () -> PemFiles.certificates(cert));
        check(where + ".client_key_file", endpoint, key, () -> PemFiles.privateKey(key));
        check(where + ".client_key_file", endpoint, key, () -> ClientTls.context(ca, cert, key));
        return tls;
    }

    private static void check(String field, String endpoint, Path file, Runnable read) {
        if (file == null) {
            return;
        }
        try {
            read.run();
        } catch (TlsMaterialException e) {
            throw new InvalidWebhookConfigException(field, endpoint, e.getMessage());
        }
    }

    private static Path optional(JsonNode node, String field, String where, String endpoint) {
        if (!node.has(field) || node.get(field).isNull()) {
            return null;
        }
        try {
            return path(node.get(field), where + "." + field);
        } catch (InvalidWebhookConfigException e) {
            throw new InvalidWebhookConfigException(where + "." + field, endpoint, e.reason());
        }
    }
}
