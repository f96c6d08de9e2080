package dev.tasker.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the configuration from, lowest to highest precedence: defaults, the YAML file named by
 * {@code GATEWAY_CONFIG} (or {@code --config}), {@code GATEWAY_*} environment variables, command-line
 * flags ({@code --port 9090} or {@code --port=9090}). Unknown YAML keys, unknown flags and invalid
 * values stop start-up with a {@link ConfigException} naming the setting and its source.
 */
public final class ConfigLoader {

    /** Flags that are commands rather than settings; {@link Main} handles them. */
    public static final Set<String> COMMAND_FLAGS = Set.of("--print-config", "--help");

    private ConfigLoader() {
    }

    public static GatewayConfig load(String[] args, Map<String, String> env) {
        Map<String, String> flags = parseFlags(args);
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        Map<String, String> sectionOrigins = new LinkedHashMap<>();

        for (Setting setting : Settings.ALL) {
            if (setting.defaultText() != null) {
                texts.put(setting.key(), setting.defaultText());
                origins.put(setting.key(), "default");
            }
        }
        String file = flags.containsKey("--config") ? flags.get("--config") : env.get("GATEWAY_CONFIG");
        if (file != null && !file.isBlank()) {
            readFile(Path.of(file), texts, origins, sections, sectionOrigins);
        }
        for (Setting setting : Settings.ALL) {
            String value = env.get(setting.envName());
            if (value != null) {
                texts.put(setting.key(), value);
                origins.put(setting.key(), "env " + setting.envName());
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (flag.getKey().equals("--config")) {
                continue;
            }
            Setting setting = Settings.byFlag(flag.getKey())
                    .orElseThrow(() -> new ConfigException("unknown command-line flag " + flag.getKey()));
            texts.put(setting.key(), flag.getValue());
            origins.put(setting.key(), "flag " + setting.flag());
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
        return new GatewayConfig(values, origins, sections, sectionOrigins);
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
                                 Map<String, JsonNode> sections, Map<String, String> sectionOrigins) {
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
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode node = field.getValue();
            if (Settings.SECTIONS.contains(key)) {
                sections.put(key, node);
                sectionOrigins.put(key, path.toString());
                continue;
            }
            Setting setting = Settings.byKey(key)
                    .orElseThrow(() -> new ConfigException("unknown key '" + key + "' in config file " + path));
            if (node.isNull()) {
                continue;
            }
            String text;
            if (node.isArray() && hasStructuredElements(node)) {
                text = node.toString(); // a list of mappings (api_keys): its parser reads the JSON form
            } else if (node.isArray()) {
                StringBuilder joined = new StringBuilder();
                node.forEach(element -> joined.append(joined.length() == 0 ? "" : ",").append(element.asText()));
                text = joined.toString();
            } else if (node.isValueNode()) {
                text = node.asText();
            } else {
                throw new ConfigException("invalid value for " + key + " (from " + path + "): expected a scalar");
            }
            texts.put(key, text);
            origins.put(key, path.toString());
        }
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
