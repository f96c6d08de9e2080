package dev.tasker.gateway.handler;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a byte limit. Past the limit it cancels the subscription (which closes
 * the connection instead of reading the rest) and completes with {@link Body#tooLarge()}, so a huge or
 * endless body costs at most {@code limit + 1} bytes of memory. {@link #abort()} cancels it from outside
 * (the exchange's timeout or an interrupt).
 *
 * <p>The HTTP client calls {@code on*} methods one at a time (Flow rules); {@link #abort()} may come from
 * another thread, hence the volatile subscription.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<BoundedBodySubscriber.Body> {

    /** The bytes read, or {@code tooLarge} (then {@code bytes} is empty) when the body passed the limit. */
    record Body(byte[] bytes, boolean tooLarge) {
    }

    private final long limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<Body> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    /** @param limit the largest body accepted, in bytes (at most {@code Integer.MAX_VALUE - 9}) */
    BoundedBodySubscriber(long limit) {
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (body.isDone()) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (buffer.size() + (long) item.remaining() > limit) {
                subscription.cancel();
                body.complete(new Body(new byte[0], true));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        body.complete(new Body(buffer.toByteArray(), false));
    }

    @Override
    public CompletionStage<Body> getBody() {
        return body;
    }

    /** Stops reading: cancels the subscription if there is one yet, and ends the body as cancelled. */
    void abort() {
        body.cancel(false);
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
