package dev.tasker.gateway.server;

import dev.tasker.gateway.http.auth.ApiKeys;
import dev.tasker.gateway.http.auth.ClientCerts;
import dev.tasker.gateway.http.auth.JwtScopeMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Every setting of the gateway, in the order of the README's table. */
public final class Settings {

    public static final Setting HOST = new Setting("host", "0.0.0.0", Values::host, false,
            "address to listen on");
    public static final Setting PORT = new Setting("port", "8080", Values::port, false,
            "port to listen on (0 picks a free one)");
    public static final Setting PLUGINS_DIR = new Setting("plugins_dir", "plugins", s -> s, false,
            "folder scanned for plugin jars (created if missing)");
    public static final Setting PLUGINS_WATCH = new Setting("plugins_watch", "false", Values::bool, false,
            "reload plugins when the folder changes");
    public static final Setting CLASS_LOOKUP_RESOLVER = new Setting("class_lookup_resolver", "false", Values::bool,
            false, "resolve a callable naming a StepHandler class of a loaded plugin jar by instantiating it"
                    + " (resolver class_lookup, last in the chain)");
    public static final Setting DATA_DIR = new Setting("data_dir", "data", s -> s, false,
            "folder for the embedded database and copied plugin jars");
    public static final Setting DB_URL = new Setting("db_url", null, s -> s, true,
            "JDBC URL of the store; embedded H2 under data_dir when unset");
    public static final Setting API_KEYS = new Setting("api_keys", null, ApiKeys::parse, true,
            "API keys: name:key:scope+scope,... (scopes read, execute, admin; all when left out) or, in YAML,"
                    + " a list of {name, key, scopes}; authentication is off when empty");
    public static final Setting STEP_TIMEOUT = new Setting("step_timeout", "30s", Values::positiveDuration, false,
            "deadline of a step that sets no timeout_seconds");
    public static final Setting MAX_IN_FLIGHT = new Setting("max_in_flight", "256", Values::positiveInt, false,
            "steps running at once; past it a step (single or in a batch) answers 503");
    public static final Setting MAX_IN_FLIGHT_PER_HANDLER = new Setting("max_in_flight_per_handler", "128",
            Values::positiveInt, false, "steps running at once for one handler");
    public static final Setting BATCH_PARALLELISM = new Setting("batch_parallelism", "16", Values::positiveInt,
            false, "steps of one POST /v1/steps/batch running at once (also within both in-flight bounds)");
    public static final Setting MAX_BODY_SIZE = new Setting("max_body_size", "10MiB", Values::byteSize, false,
            "largest request body accepted; larger ones get 413");
    public static final Setting BACKTRACE_LINES = new Setting("backtrace_lines", "50", Values::positiveInt, false,
            "lines kept in error.backtrace");
    public static final Setting REQUIRED_HANDLERS = new Setting("required_handlers", "", Values::list, false,
            "handlers that must be registered for /health/ready to answer 200");
    public static final Setting WORKER_ID = new Setting("worker_id", null, s -> s, false,
            "metadata.worker_id of every result; generated (worker_<uuid>) when unset");

    public static final Setting IDEMPOTENCY_TTL = new Setting("idempotency_ttl", "24h", Values::positiveDuration,
            false, "how long step results are kept for idempotent replay and GET /v1/steps/{step_uuid}");
    public static final Setting STEP_CLAIMS = new Setting("step_claims", "auto",
            v -> Values.oneOf(v, "auto", "on", "off"), false,
            "claim each attempt in the store before its handler runs, so that instances sharing the store run it"
                    + " once: auto = on unless the store is an embedded H2 file (this instance's alone)");
    public static final Setting STEP_CLAIM_MARGIN = new Setting("step_claim_margin", "15s", Values::positiveDuration,
            false, "how long a claim outlasts the step's deadline (time to store its result) before another"
                    + " instance may take it over");
    public static final Setting DB_POOL_SIZE = new Setting("db_pool_size", "10", Values::positiveInt, false,
            "connections to the store");

    public static final Setting EVENT_RETENTION = new Setting("event_retention", "7d", Values::positiveDuration,
            false, "how long stored events are kept once every delivery of them is delivered or dead");
    public static final Setting WEBHOOK_POLL_INTERVAL = new Setting("webhook_poll_interval", "500ms",
            Values::positiveDuration, false, "how often due webhook deliveries are looked for");
    public static final Setting STORE_UNROUTED_EVENTS = new Setting("store_unrouted_events", "false", Values::bool,
            false, "also store durable events that no configured webhook endpoint subscribes to, so that a replay"
                    + " to an endpoint added later can send them");

    // Operations (issue 6)
    public static final Setting PUBLIC_PATHS = new Setting("public_paths",
            "/health,/health/*,/metrics,/openapi.yaml,/docs,/docs/*", Values::pathPatterns, false,
            "paths served without an API key; a trailing /* matches everything below");
    public static final Setting LOG_FORMAT = new Setting("log_format", "text",
            s -> Values.oneOf(s, "text", "json"), false, "log lines as text, or json (one JSON object a line)");
    public static final Setting LOG_LEVEL = new Setting("log_level", "info",
            s -> Values.oneOf(s, "trace", "debug", "info", "warn", "error"), false,
            "level of the gateway's own loggers");
    public static final Setting SHUTDOWN_DELAY = new Setting("shutdown_delay", "0s", Values::nonNegativeDuration,
            false, "on SIGTERM, how long /health/ready answers 503 before the listener closes");
    public static final Setting DRAIN_TIMEOUT = new Setting("drain_timeout", "30s", Values::positiveDuration, false,
            "on SIGTERM, how long requests in flight may take to finish");

    // JWT bearer tokens (issue 11 item 3); on when jwt.jwks_url or jwt.public_key_files is set
    public static final Setting JWT_JWKS_URL = new Setting("jwt.jwks_url", null, Values::httpUrl, false,
            "JWK set URL of the token issuer's signing keys (RS256, ES256, EdDSA); bearer JWTs are accepted when this"
                    + " or jwt.public_key_files is set");
    public static final Setting JWT_PUBLIC_KEY_FILES = new Setting("jwt.public_key_files", "", Values::list, false,
            "PEM public keys or certificates that sign tokens; a key's kid is its file name without .pem");
    public static final Setting JWT_ISSUER = new Setting("jwt.issuer", null, s -> s, false,
            "the iss every token must carry (required with JWT on)");
    public static final Setting JWT_AUDIENCE = new Setting("jwt.audience", null, s -> s, false,
            "a value the aud of every token must hold (required with JWT on)");
    public static final Setting JWT_CLOCK_SKEW = new Setting("jwt.clock_skew", "60s", Values::nonNegativeDuration,
            false, "leeway for exp and nbf");
    public static final Setting JWT_SCOPES_CLAIM = new Setting("jwt.scopes_claim", "permissions", s -> s, false,
            "claim holding the token's permissions: a list, or a space-separated string (as scope)");
    public static final Setting JWT_SCOPE_MAP = new Setting("jwt.scope_map", JwtScopeMap.DEFAULT, JwtScopeMap::parse,
            false, "permission=scope+scope,... (in YAML a mapping of permission to scopes): the gateway scopes each"
                    + " permission grants; others grant nothing");
    public static final Setting JWT_NAMESPACES_CLAIM = new Setting("jwt.namespaces_claim", null, s -> s, false,
            "claim listing the step namespaces a token may execute (e.g. worker_namespaces; * for all); unset:"
                    + " no restriction");
    public static final Setting JWT_JWKS_CACHE_TTL = new Setting("jwt.jwks_cache_ttl", "5m", Values::positiveDuration,
            false, "how long fetched JWKS keys are used before being fetched again");
    public static final Setting JWT_JWKS_MIN_REFRESH = new Setting("jwt.jwks_min_refresh", "5s",
            Values::positiveDuration, false,
            "least time between two JWKS fetches (an unknown kid asks for one); a failed fetch keeps the cached keys");

    // Transport security (issue 11)
    public static final Setting TLS_CERT_FILE = new Setting("tls.cert_file", null, s -> s, false,
            "PEM certificate chain of the HTTPS listener (leaf first); with tls.key_file, TLS is on");
    public static final Setting TLS_KEY_FILE = new Setting("tls.key_file", null, s -> s, false,
            "PEM PKCS#8 private key (RSA or EC) of tls.cert_file");
    public static final Setting TLS_KEYSTORE_FILE = new Setting("tls.keystore_file", null, s -> s, false,
            "PKCS#12 key store with the listener's key and chain, instead of tls.cert_file and tls.key_file");
    public static final Setting TLS_KEYSTORE_PASSWORD_FILE = new Setting("tls.keystore_password_file", null,
            s -> s, false, "file holding the password of tls.keystore_file (its first line); none when unset");
    public static final Setting TLS_CLIENT_AUTH = new Setting("tls.client_auth", "none",
            s -> Values.oneOf(s, "none", "optional", "required"), false,
            "mutual TLS: none, optional (a client certificate is asked for) or required (a handshake without one fails)");
    public static final Setting TLS_CLIENT_CA_FILE = new Setting("tls.client_ca_file", null, s -> s, false,
            "PEM CA certificates a client certificate must chain to (needed when tls.client_auth is not none)");
    public static final Setting CLIENT_CERTS = new Setting("client_certs", null, ClientCerts::parse, false,
            "client certificates that are identities: in YAML a list of {name, subject, scopes} (subject an RFC 4514"
                    + " DN or san:<dns-or-uri>; all scopes when left out), the same list as JSON in env and flags");
    public static final Setting HTTP_PORT = new Setting("http_port", null, Values::port, false,
            "with TLS on, a second, plain HTTP port serving only http_paths (health checks); off when unset");
    public static final Setting HTTP_PATHS = new Setting("http_paths", "/health,/health/*", Values::pathPatterns,
            false, "what the plain http_port serves when TLS is on; other paths get 404 HTTPS_REQUIRED");

    public static final List<Setting> ALL = List.of(HOST, PORT, PLUGINS_DIR, PLUGINS_WATCH, CLASS_LOOKUP_RESOLVER, DATA_DIR, DB_URL,
            API_KEYS, STEP_TIMEOUT, MAX_IN_FLIGHT, MAX_IN_FLIGHT_PER_HANDLER, BATCH_PARALLELISM, MAX_BODY_SIZE, BACKTRACE_LINES,
            REQUIRED_HANDLERS, WORKER_ID,
            IDEMPOTENCY_TTL, STEP_CLAIMS, STEP_CLAIM_MARGIN, DB_POOL_SIZE, EVENT_RETENTION, WEBHOOK_POLL_INTERVAL, STORE_UNROUTED_EVENTS,
            PUBLIC_PATHS, LOG_FORMAT, LOG_LEVEL, SHUTDOWN_DELAY, DRAIN_TIMEOUT,
            JWT_JWKS_URL, JWT_PUBLIC_KEY_FILES, JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_SKEW, JWT_SCOPES_CLAIM,
            JWT_SCOPE_MAP, JWT_NAMESPACES_CLAIM, JWT_JWKS_CACHE_TTL, JWT_JWKS_MIN_REFRESH,
            TLS_CERT_FILE, TLS_KEY_FILE, TLS_KEYSTORE_FILE, TLS_KEYSTORE_PASSWORD_FILE, TLS_CLIENT_AUTH,
            TLS_CLIENT_CA_FILE, CLIENT_CERTS, HTTP_PORT, HTTP_PATHS);

    /** Top-level YAML keys that hold structured sections rather than one value (read by their own parts). */
    public static final Set<String> SECTIONS = Set.of("webhooks");

    private Settings() {
    }

    public static Optional<Setting> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public static Optional<Setting> byFlag(String flag) {
        return ALL.stream().filter(s -> s.flag().equals(flag)).findFirst();
    }

    /** The secret setting whose value the file named by {@code key} ({@code api_keys_file}) holds. */
    public static Optional<Setting> byFileKey(String key) {
        return ALL.stream().filter(s -> s.secret() && s.fileKey().equals(key)).findFirst();
    }

    /** The secret setting whose value the file named by {@code flag} ({@code --api-keys-file}) holds. */
    public static Optional<Setting> byFileFlag(String flag) {
        return ALL.stream().filter(s -> s.secret() && s.fileFlag().equals(flag)).findFirst();
    }

    /** The groups of dotted settings ({@code jwt} for {@code jwt.issuer}): each a mapping in YAML. */
    public static Set<String> groups() {
        return ALL.stream().map(Setting::group).filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }
}
