package dev.tasker.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the configuration from, lowest to highest precedence: defaults, the YAML file named by
 * {@code GATEWAY_CONFIG} (or {@code --config}), {@code GATEWAY_*} environment variables, command-line
 * flags ({@code --port 9090} or {@code --port=9090}). Unknown YAML keys, unknown flags and invalid
 * values stop start-up with a {@link ConfigException} naming the setting and its source. Unknown
 * {@code GATEWAY_*} variables do not (other tools may set some); the config lists their names so start-up can
 * warn about them. Group settings ({@code jwt.issuer}) are a YAML mapping ({@code jwt: {issuer: ...}}); a
 * secret setting may name a file instead ({@code api_keys_file}), whose text (stripped) is the value and whose
 * path, never the text, is its origin.
 */
public final class ConfigLoader {

    /** Flags that are commands rather than settings; {@link Main} handles them. */
    public static final Set<String> COMMAND_FLAGS = Set.of("--print-config", "--help");

    private static final String ENV_PREFIX = "GATEWAY_";
    private static final String CONFIG_VARIABLE = "GATEWAY_CONFIG";
    private static final Set<String> KNOWN_VARIABLES = Stream.concat(Stream.of(CONFIG_VARIABLE),
            Settings.ALL.stream().flatMap(s -> Stream.of(s.envName(), s.fileEnvName())).filter(Objects::nonNull))
            .collect(Collectors.toUnmodifiableSet());

    private ConfigLoader() {
    }

    public static GatewayConfig load(String[] args, Map<String, String> env) {
        Map<String, String> flags = parseFlags(args);
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, JsonNode> sections = new LinkedHashMap<>();

        for (Setting setting : Settings.ALL) {
            if (setting.defaultText() != null) {
                texts.put(setting.key(), setting.defaultText());
                origins.put(setting.key(), "default");
            }
        }
        String file = flags.containsKey("--config") ? flags.get("--config") : env.get(CONFIG_VARIABLE);
        if (file != null && !file.isBlank()) {
            readFile(Path.of(file), texts, origins, sections);
        }
        Layer fromEnv = new Layer(texts, origins);
        for (Setting setting : Settings.ALL) {
            String value = env.get(setting.envName());
            if (value != null) {
                fromEnv.put(setting, value, "env " + setting.envName());
            }
            String path = setting.secret() ? env.get(setting.fileEnvName()) : null;
            if (path != null) {
                fromEnv.putFile(setting, path, "env " + setting.fileEnvName());
            }
        }
        List<String> unknownVariables = env.keySet().stream()
                .filter(name -> name.startsWith(ENV_PREFIX) && !KNOWN_VARIABLES.contains(name)).sorted().toList();
        Layer fromFlags = new Layer(texts, origins);
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (flag.getKey().equals("--config")) {
                continue;
            }
            Optional<Setting> setting = Settings.byFlag(flag.getKey());
            if (setting.isPresent()) {
                fromFlags.put(setting.get(), flag.getValue(), "flag " + setting.get().flag());
                continue;
            }
            Setting secret = Settings.byFileFlag(flag.getKey())
                    .orElseThrow(() -> new ConfigException("unknown command-line flag " + flag.getKey()));
            fromFlags.putFile(secret, flag.getValue(), "flag " + secret.fileFlag());
        }

        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting setting : Settings.ALL) {
            String text = texts.get(setting.key());
            if (text == null) {
                values.put(setting.key(), null);
                continue;
            }
            try {
                values.put(setting.key(), setting.parser().apply(text));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid value for " + setting.key() + " (from "
                        + origins.get(setting.key()) + "): " + e.getMessage());
            }
        }
        return new GatewayConfig(values, origins, sections, unknownVariables);
    }

    /**
     * The values one source (the file, the environment, the flags) gives; a secret given both inline and as a
     * file in one source is refused, as neither would be the obvious winner.
     */
    private static final class Layer {
        private final Map<String, String> texts;
        private final Map<String, String> origins;
        private final Map<String, String> given = new LinkedHashMap<>();

        Layer(Map<String, String> texts, Map<String, String> origins) {
            this.texts = texts;
            this.origins = origins;
        }

        void put(Setting setting, String text, String origin) {
            claim(setting, origin);
            texts.put(setting.key(), text);
            origins.put(setting.key(), origin);
        }

        /** Reads a secret from the file {@code path}; the origin names the file, never what it holds. */
        void putFile(Setting setting, String path, String origin) {
            String fileOrigin = setting.fileKey() + " " + path + ", " + origin;
            claim(setting, fileOrigin);
            texts.put(setting.key(), readSecret(setting, path, origin));
            origins.put(setting.key(), fileOrigin);
        }

        private void claim(Setting setting, String origin) {
            String earlier = given.putIfAbsent(setting.key(), origin);
            if (earlier != null) {
                throw new ConfigException("give " + setting.key() + " or " + setting.fileKey() + ", not both (from "
                        + earlier + " and " + origin + ")");
            }
        }
    }

    /** The file's text without surrounding white space (a mounted secret often ends in a newline). */
    private static String readSecret(Setting setting, String path, String origin) {
        if (path.isBlank()) {
            throw new ConfigException("invalid value for " + setting.fileKey() + " (from " + origin
                    + "): expected a file path");
        }
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("cannot read " + setting.fileKey() + " " + path + " (from " + origin + "): "
                    + e.getClass().getSimpleName());
        }
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (COMMAND_FLAGS.contains(arg)) {
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "' (flags look like --port 8080)");
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                flags.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                flags.put(arg, args[++i]);
            } else {
                throw new ConfigException("flag " + arg + " needs a value");
            }
        }
        return flags;
    }

    private static void readFile(Path path, Map<String, String> texts, Map<String, String> origins,
                                 Map<String, JsonNode> sections) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(path));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + " (GATEWAY_CONFIG): " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + path + " must hold a YAML mapping at the top level");
        }
        Layer layer = new Layer(texts, origins);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode node = field.getValue();
            if (Settings.SECTIONS.contains(key)) {
                sections.put(key, node);
                origins.put(key, path.toString());
            } else if (Settings.groups().contains(key)) {
                if (node.isNull()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw new ConfigException("'" + key + "' in config file " + path + " must be a mapping of "
                            + key + ".* settings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> inner = node.fields(); inner.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = inner.next();
                    readValue(key + "." + member.getKey(), member.getValue(), path, layer);
                }
            } else {
                readValue(key, node, path, layer);
            }
        }
    }

    private static void readValue(String key, JsonNode node, Path path, Layer layer) {
        Optional<Setting> setting = Settings.byKey(key);
        Optional<Setting> secret = setting.isPresent() ? Optional.empty() : Settings.byFileKey(key);
        if (setting.isEmpty() && secret.isEmpty()) {
            throw new ConfigException("unknown key '" + key + "' in config file " + path);
        }
        if (node.isNull()) {
            return;
        }
        if (secret.isPresent()) {
            if (!node.isValueNode()) {
                throw new ConfigException("invalid value for " + key + " (from " + path + "): expected a file path");
            }
            layer.putFile(secret.get(), node.asText(), "named in " + path);
            return;
        }
        String text;
        if (node.isArray() && hasStructuredElements(node)) {
            text = node.toString(); // a list of mappings (api_keys): its parser reads the JSON form
        } else if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            node.forEach(element -> joined.append(joined.length() == 0 ? "" : ",").append(element.asText()));
            text = joined.toString();
        } else if (node.isObject()) {
            text = node.toString(); // a mapping (jwt.scope_map): its parser reads the JSON form
        } else {
            text = node.asText();
        }
        layer.put(setting.get(), text, path.toString());
    }

    private static boolean hasStructuredElements(JsonNode array) {
        for (JsonNode element : array) {
            if (element.isContainerNode()) {
                return true;
            }
        }
        return false;
    }
}
