import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The bare stack under the gateway, for goal 6 of bench/run.sh: the same Jersey, Grizzly and Jackson (the
 * gateway jar on the class path), one resource at {@code POST /v1/steps} that reads the step as JSON and
 * answers a result of the same shape and size as the gateway's echo handler (step_uuid, success, the task
 * context as result, metadata with times and the worker, status, error, orchestration metadata). No handler
 * registry, no thread hand-off, no store: the floor that the gateway's own work is measured against.
 * Binds 127.0.0.1 on a free port and prints {@code port=N}.
 *
 * java -cp target/worker-gateway.jar:CLASSES BareJersey
 */
public final class BareJersey {

    /** The step resource: JSON in, a result of the gateway's size out. */
    @Path("/v1/steps")
    public static final class Steps {

        private static final String WORKER = "worker_" + UUID.randomUUID();

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> execute(JsonNode step) {
            Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("execution_time_ms", 0);
            metadata.put("handler_version", "1.0.0");
            metadata.put("retryable", false);
            metadata.put("completed_at", started);
            metadata.put("worker_id", WORKER);
            metadata.put("worker_hostname", "vm");
            metadata.put("started_at", started);
            metadata.put("custom", Map.of());
            metadata.put("error_code", null);
            metadata.put("error_type", null);
            metadata.put("context", Map.of());
            Map<String, Object> orchestration = new LinkedHashMap<>();
            orchestration.put("headers", Map.of());
            orchestration.put("error_context", null);
            orchestration.put("backoff_hint", null);
            orchestration.put("custom", Map.of());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("step_uuid", step.at("/workflow_step/workflow_step_uuid").asText());
            result.put("success", true);
            result.put("result", step.at("/task/task/context"));
            result.put("metadata", metadata);
            result.put("status", "completed");
            result.put("error", null);
            result.put("orchestration_metadata", orchestration);
            return result;
        }
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ResourceConfig config = new ResourceConfig()
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(new JacksonJsonProvider(mapper))
                .register(Steps.class);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config, false);
        server.start();
        System.out.println("port=" + server.getListeners().iterator().next().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
