package dev.tasker.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a gateway YAML config file for tests. */
public final class GatewayYaml {

    /** A fixed test secret (32 bytes of key). */
    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=";

    private GatewayYaml() {
    }

    /** One endpoint entry (indented for {@code webhooks.endpoints}); {@code extra} lines are added as given. */
    public static String endpoint(String name, String url, String... extra) {
        StringBuilder yaml = new StringBuilder()
                .append("    - name: ").append(name).append('\n')
                .append("      url: ").append(url).append('\n')
                .append("      secret: ").append(SECRET).append('\n')
                .append("      allow_private_network: true\n");
        for (String line : extra) {
            yaml.append("      ").append(line).append('\n');
        }
        return yaml.toString();
    }

    /** A config file with these endpoints; returns its path. */
    public static Path write(Path dir, String... endpoints) {
        StringBuilder yaml = new StringBuilder("webhooks:\n  endpoints:\n");
        for (String endpoint : endpoints) {
            yaml.append(endpoint);
        }
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "gateway", ".yaml");
            Files.writeString(file, yaml.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
