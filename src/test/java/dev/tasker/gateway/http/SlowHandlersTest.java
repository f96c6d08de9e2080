package dev.tasker.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.model.Uuids;
import dev.tasker.gateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Grizzly has only a few worker threads (two per core). A step waiting on its handler must not hold one,
 * or a handful of slow downstreams would stall every other request, health checks included.
 */
class SlowHandlersTest {

    private static final int SLOW_STEPS = 24;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch allStarted = new CountDownLatch(SLOW_STEPS);

    private final StepHandler waiting = new StepHandler() {
        @Override
        public String name() {
            return "waits_for_downstream";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws InterruptedException {
            allStarted.countDown();
            release.await();
            return StepExecutionResult.success(context.stepUuid(), Map.of("done", true));
        }
    };

    @Test
    void manyWaitingStepsLeaveTheServerAnsweringOtherRequests() throws Exception {
        int workers = 2 * Runtime.getRuntime().availableProcessors();
        assertThat(SLOW_STEPS).isGreaterThan(workers * 2);
        ExecutorService clients = Executors.newFixedThreadPool(SLOW_STEPS);
        try (TestGateway gateway = TestGateway.start(waiting)) {
            List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_STEPS; i++) {
                String step = "{\"workflow_step\":{\"workflow_step_uuid\":\"" + Uuids.v7()
                        + "\"},\"step_definition\":{\"handler\":{\"callable\":\"waits_for_downstream\"}}}";
                slow.add(CompletableFuture.supplyAsync(() -> gateway.postJson("/v1/steps", step), clients));
            }

            assertThat(allStarted.await(60, TimeUnit.SECONDS)).as("every slow step is running at once").isTrue();
            assertThat(gateway.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(gateway.postJson("/v1/steps", "{\"step_definition\":{\"handler\":{\"callable\":\"echo\"}}}")
                    .statusCode()).isEqualTo(200);
            assertThat(slow).noneMatch(CompletableFuture::isDone);

            release.countDown();
            for (CompletableFuture<HttpResponse<String>> response : slow) {
                HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(TestGateway.json(answer).path("result").path("done").asBoolean()).isTrue();
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }
}
