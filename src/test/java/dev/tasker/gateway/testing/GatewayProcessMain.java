package dev.tasker.gateway.testing;

import dev.tasker.gateway.handler.StepContext;
import dev.tasker.gateway.handler.StepHandler;
import dev.tasker.gateway.model.StepExecutionResult;
import dev.tasker.gateway.server.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Main} with extra built-in handlers for tests that run a real gateway process:
 * {@code slow} logs {@code slow step started} and then waits until the file named by the task input
 * {@code release_file} exists (or its deadline interrupts it); {@code thread} answers the thread it ran on
 * ({@code {name, virtual}}).
 */
public final class GatewayProcessMain {

    private GatewayProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Main.launch(args, List.of(new SlowHandler(), new ThreadHandler()));
    }

    static final class ThreadHandler implements StepHandler {
        @Override
        public String name() {
            return "thread";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws Exception {
            Thread thread = Thread.currentThread();
            boolean virtual;
            try {
                virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(thread); // Java 21+
            } catch (NoSuchMethodException e) {
                virtual = false;
            }
            return StepExecutionResult.success(context.stepUuid(), Map.of("name", thread.getName(), "virtual", virtual));
        }
    }

    static final class SlowHandler implements StepHandler {
        private static final Logger LOG = LoggerFactory.getLogger(SlowHandler.class);

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public StepExecutionResult call(StepContext context) throws Exception {
            Path release = Path.of(context.getInput("release_file", String.class));
            LOG.info("slow step started, waiting for {}", release.getFileName());
            while (!Files.exists(release)) {
                Thread.sleep(20);
            }
            LOG.info("slow step released");
            return StepExecutionResult.success(context.stepUuid(), Map.of("released", true));
        }
    }
}
