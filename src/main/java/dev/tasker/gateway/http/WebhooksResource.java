package dev.tasker.gateway.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasker.gateway.execution.FieldError;
import dev.tasker.gateway.model.WireJson;
import dev.tasker.gateway.webhook.DeliveryLog;
import dev.tasker.gateway.webhook.DeliveryState;
import dev.tasker.gateway.webhook.WebhookOperations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Webhook endpoints (without secrets), the delivery log, and redelivery. */
@Singleton
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhooksResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** {@code GET /v1/webhooks}. */
    public record EndpointList(@JsonProperty("endpoints") List<WebhookOperations.EndpointView> endpoints) {
    }

    /** {@code GET /v1/webhooks/deliveries}. */
    public record DeliveryList(@JsonProperty("count") int count,
                               @JsonProperty("deliveries") List<DeliveryLog.DeliveryView> deliveries) {
    }

    /** {@code POST /v1/webhooks/{endpoint}/replay}. */
    public record ReplayAccepted(@JsonProperty("endpoint") String endpoint, @JsonProperty("since") Instant since,
                                 @JsonProperty("replayed") int replayed) {
    }

    private final WebhookOperations operations;

    @Inject
    public WebhooksResource(WebhookOperations operations) {
        this.operations = operations;
    }

    @GET
    public EndpointList endpoints() {
        return new EndpointList(operations.endpoints());
    }

    @GET
    @Path("deliveries")
    public DeliveryList deliveries(@QueryParam("status") String status, @QueryParam("endpoint") String endpoint,
                                   @QueryParam("limit") String limit) {
        Optional<DeliveryState> state = Optional.empty();
        if (status != null && !status.isBlank()) {
            state = Optional.of(DeliveryState.ofWireName(status).orElseThrow(() -> badQuery("status",
                    "expected one of " + Arrays.stream(DeliveryState.values()).map(DeliveryState::wireName).toList())));
        }
        Optional<String> endpointName = Optional.ofNullable(endpoint).filter(e -> !e.isBlank());
        if (endpointName.isPresent() && !operations.hasEndpoint(endpointName.get())) {
            throw badQuery("endpoint", "no endpoint named '" + endpointName.get() + "'");
        }
        int max = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                max = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MAX_LIMIT) {
                throw badQuery("limit", "expected an integer from 1 to " + MAX_LIMIT);
            }
        }
        List<DeliveryLog.DeliveryView> deliveries = operations.deliveries(state, endpointName, max);
        return new DeliveryList(deliveries.size(), deliveries);
    }

    @POST
    @Path("deliveries/{id}/retry")
    public Response retry(@PathParam("id") String id) {
        UUID deliveryId;
        try {
            deliveryId = WireJson.parseUuid(id);
        } catch (IllegalArgumentException e) {
            throw badQuery("id", "not a UUID");
        }
        DeliveryLog.DeliveryView delivery = operations.retry(deliveryId).orElseThrow(() ->
                ProblemException.notFound("no delivery " + deliveryId, "DELIVERY_NOT_FOUND"));
        return Response.accepted(delivery).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("{endpoint}/replay")
    public Response replay(@PathParam("endpoint") String endpoint, @QueryParam("since") String since) {
        if (!operations.hasEndpoint(endpoint)) {
            throw ProblemException.notFound("no webhook endpoint named '" + endpoint + "'", "ENDPOINT_NOT_FOUND");
        }
        if (since == null || since.isBlank()) {
            throw badQuery("since", "required: an RFC 3339 timestamp such as 2025-11-28T14:00:00Z");
        }
        Instant from;
        try {
            from = WireJson.parseInstant(since.trim());
        } catch (DateTimeParseException e) {
            throw badQuery("since", "expected an RFC 3339 timestamp with an offset, such as 2025-11-28T14:00:00Z");
        }
        int replayed = operations.replay(endpoint, from);
        return Response.accepted(new ReplayAccepted(endpoint, from, replayed)).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static ProblemException badQuery(String field, String message) {
        return ProblemException.badRequest(field + ": " + message, "INVALID_QUERY",
                List.of(new FieldError(field, message)));
    }
}
