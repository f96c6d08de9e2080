package dev.tasker.gateway.server;

import dev.tasker.gateway.handler.StepHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar worker-gateway.jar [--port 8080] [--host 0.0.0.0] [--print-config] [--help]}. Exits 2
 * when the configuration is invalid, naming the setting; stops cleanly on SIGTERM.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        launch(args, List.of());
    }

    /**
     * Runs the gateway as {@link #main} does, with extra handlers registered as built-ins (embedding, and
     * tests that run a real gateway process). Returns once the gateway has stopped.
     */
    public static void launch(String[] args, List<StepHandler> extraHandlers) throws Exception {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        List<String> argList = Arrays.asList(args);
        if (argList.contains("--help")) {
            printHelp();
            return;
        }
        GatewayConfig config;
        Map<String, String> described;
        try {
            config = ConfigLoader.load(args, System.getenv());
            described = argList.contains("--print-config") ? config.describe() : null;
        } catch (ConfigException e) {
            System.err.println("worker-gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (described != null) {
            described.forEach((key, value) -> System.out.println(key + " = " + value));
            return;
        }
        LogSetup.apply(config);
        Logger log = LoggerFactory.getLogger(Main.class);
        GatewayServer server;
        try {
            server = GatewayServer.start(config, extraHandlers);
        } catch (ConfigException e) {
            log.error("{}", e.getMessage());
            System.err.println("worker-gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            stopped.countDown();
        };
        // SIGTERM/SIGINT: drain, then exit 0 (a plain shutdown hook would leave the JVM's exit code at 143)
        StopSignals.onTerminate(signal -> {
            log.info("shutdown: {} received", signal);
            stop.run();
            System.exit(0);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "gateway-shutdown"));
        stopped.await();
    }

    private static void printHelp() {
        System.out.println("usage: java -jar worker-gateway.jar [flags]\n");
        System.out.println("Every setting can also be given in the YAML file named by GATEWAY_CONFIG"
                + " or as an environment variable.\n");
        System.out.printf("  %-34s %-36s %-10s %s%n", "flag", "environment", "default", "meaning");
        for (Setting s : Settings.ALL) {
            System.out.printf("  %-34s %-36s %-10s %s%n", s.flag() + " <value>", s.envName(),
                    s.defaultText() == null ? "" : s.defaultText(), s.meaning());
            if (s.secret()) {
                System.out.printf("  %-34s %-36s %-10s %s%n", s.fileFlag() + " <file>", s.fileEnvName(), "",
                        "file holding " + s.key() + " (a mounted secret)");
            }
        }
        System.out.printf("  %-34s %-36s %-10s %s%n", "--config <file>", "GATEWAY_CONFIG", "", "YAML config file");
        System.out.println("  --print-config                     print the effective configuration and exit");
    }

    static Map<String, String> environment() {
        return System.getenv();
    }
}
