package dev.tasker.gateway.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Published, skipped and failed counts per event name and publisher, since start-up. Thread-safe. */
public final class EventStats {

    private record Key(String eventName, String publisher) {
    }

    private static final class Counts {
        final LongAdder published = new LongAdder();
        final LongAdder skipped = new LongAdder();
        final LongAdder failed = new LongAdder();
    }

    /** One row of {@code GET /v1/events/stats}. */
    public record Row(@JsonProperty("event_name") String eventName, @JsonProperty("publisher") String publisher,
                      @JsonProperty("published") long published, @JsonProperty("skipped") long skipped,
                      @JsonProperty("failed") long failed) {
    }

    private final ConcurrentHashMap<Key, Counts> counts = new ConcurrentHashMap<>();

    public void published(String eventName, String publisher) {
        counts(eventName, publisher).published.increment();
    }

    public void skipped(String eventName, String publisher) {
        counts(eventName, publisher).skipped.increment();
    }

    /** A publisher failed; {@code eventName} is {@code *} when the failure concerns no single event. */
    public void failed(String eventName, String publisher) {
        counts(eventName, publisher).failed.increment();
    }

    /** Every row, sorted by event name then publisher. */
    public List<Row> rows() {
        return counts.entrySet().stream()
                .map(e -> new Row(e.getKey().eventName(), e.getKey().publisher(), e.getValue().published.sum(),
                        e.getValue().skipped.sum(), e.getValue().failed.sum()))
                .sorted(Comparator.comparing(Row::eventName).thenComparing(Row::publisher))
                .toList();
    }

    private Counts counts(String eventName, String publisher) {
        return counts.computeIfAbsent(new Key(eventName, publisher), k -> new Counts());
    }
}
