package dev.tasker.gateway.testing;

import java.util.UUID;

/** Step bodies for event tests: the built-in {@code echo} handler answers the task context as its result. */
public final class EventSteps {

    /** order.confirmed (durable, success, schema needs order_id and message_id), notification.metrics (fast,
     *  always), order.confirmation_failed (broadcast, failure). */
    public static final String DECLARED_EVENTS = """
            [{"name":"order.confirmed","condition":"success","delivery_mode":"durable","publisher":null,
              "schema":{"type":"object","required":["order_id","message_id"],
                        "properties":{"order_id":{"type":"string"},"message_id":{"type":"string"}}}},
             {"name":"notification.metrics","condition":"always","delivery_mode":"fast","schema":{"type":"object"}},
             {"name":"order.confirmation_failed","condition":"failure","delivery_mode":"broadcast",
              "schema":{"type":"object"}}]""";

    private EventSteps() {
    }

    /** A step of task {@code order_processing} in namespace {@code ecommerce} whose result is {@code contextJson}. */
    public static String echo(UUID stepUuid, String contextJson, String declaredEventsJson) {
        return "{\"task\":{\"task\":{\"context\":" + contextJson + "},\"task_name\":\"order_processing\","
                + "\"namespace_name\":\"ecommerce\"},"
                + "\"workflow_step\":{\"workflow_step_uuid\":\"" + stepUuid + "\",\"name\":\"send_confirmation\","
                + "\"attempts\":0},"
                + "\"step_definition\":{\"handler\":{\"callable\":\"echo\"},\"publishes_events\":" + declaredEventsJson
                + "}}";
    }

    /** A confirmation whose payload matches the order.confirmed schema. */
    public static String confirmed(UUID stepUuid) {
        return echo(stepUuid, "{\"order_id\":\"ORD-1\",\"message_id\":\"msg-1\"}", DECLARED_EVENTS);
    }
}
