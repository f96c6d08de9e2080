package dev.tasker.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasker.gateway.testing.TestGateway;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI at {@code /docs} in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): every operation of {@code openapi.yaml} is
 * rendered, and "Try it out" → Execute on {@code GET /v1/handlers} shows the handler list.
 */
class SwaggerUiBrowserTest {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    static Path profile;

    static TestGateway gateway;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            fail("Chromium or chromedriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER + "): run .ci/run, which"
                    + " installs Debian's chromium and chromium-driver");
        }
        gateway = TestGateway.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,2400", "--user-data-dir=" + profile.resolve("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void rendersEveryOperationOfTheSpec() throws Exception {
        Set<String> expected = operationsOfTheSpec();

        browser.get(gateway.uri("/docs").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> d.findElements(By.cssSelector(".opblock")).size() >= expected.size());

        Set<String> rendered = new TreeSet<>();
        for (WebElement block : browser.findElements(By.cssSelector(".opblock"))) {
            String method = block.findElement(By.cssSelector(".opblock-summary-method")).getText().toLowerCase();
            String path = block.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path");
            rendered.add(method + " " + path);
        }
        assertThat(rendered).containsAll(expected);
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).contains("Tasker Worker Gateway");
    }

    @Test
    void tryItOutOnListHandlersShowsTheHandlers() {
        browser.get(gateway.uri("/docs#/handlers/listHandlers").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        WebElement operation = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.id("operations-handlers-listHandlers")));
        if (operation.findElements(By.cssSelector(".try-out__btn")).isEmpty()) {
            operation.findElement(By.cssSelector(".opblock-summary")).click();
        }

        wait.until(ExpectedConditions.elementToBeClickable(
                operation.findElement(By.cssSelector(".try-out__btn")))).click();
        wait.until(ExpectedConditions.elementToBeClickable(operation.findElement(By.cssSelector(".execute")))).click();
        WebElement status = wait.until(d -> operation.findElements(
                By.cssSelector(".live-responses-table tbody .response-col_status")).stream()
                .filter(cell -> cell.getText().matches("\\d{3}.*")).findFirst().orElse(null));
        WebElement body = wait.until(d -> operation.findElements(
                By.cssSelector(".live-responses-table tbody .response-col_description pre")).stream()
                .filter(pre -> !pre.getText().isBlank()).findFirst().orElse(null));

        assertThat(status.getText()).startsWith("200");
        assertThat(body.getText()).contains("\"handlers\"").contains("\"name\": \"echo\"");
    }

    private static Set<String> operationsOfTheSpec() throws Exception {
        JsonNode spec = new YAMLMapper().readTree(Files.readString(Path.of("openapi.yaml")));
        Set<String> operations = new TreeSet<>();
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method + " " + path.getKey());
            }
        }));
        assertThat(operations).hasSizeGreaterThan(5);
        return operations;
    }

}
