package org.nas4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.study.Curve;
import org.nas4j.study.StudyStorage;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's chromium, headless, driven through its chromedriver. It loads a
 * study's pages, sees its trials, and sees a trial that another process adds appear without a reload. A
 * screenshot of every view goes to {@code target/dashboard-screenshots}. Skipped where chromium is not installed
 * ({@code .ci/run} installs it).
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "needs Debian's chromium and chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsAStudyAndATrialAddedElsewhereWithoutAReload(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        DashboardServerTest.writeStudy(file, "fashion", 40);
        try (StudyStorage storage = SqliteStudyStorage.openReadOnly(file);
             DashboardServer server = DashboardServer.start(storage, "127.0.0.1", 0, Duration.ofMillis(500))) {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
            browser.get(server.address().toString());
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#studies tr[data-study='fashion']")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
            shot("studies");

            browser.get(server.address() + "#/study/fashion");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trials tr[data-trial='0']")));
            List<WebElement> rows = browser.findElements(By.cssSelector("#trials tr[data-trial]"));
            assertEquals(41, Integer.parseInt(browser.findElement(By.id("summary")).getText().split(" ")[0]));
            assertEquals(41, rows.size(), "one page of 50 holds every trial");
            shot("trials");

            // Another process finishes a trial: it shows without a reload (the feed polls every half second; the
            // wait allows for a loaded machine, docs/dashboard.md says how fast it is).
            Object marker = ((JavascriptExecutor) browser).executeScript(
                    "window.notReloaded = true; return window.notReloaded;");
            assertEquals(Boolean.TRUE, marker);
            try (StudyStorage writer = SqliteStudyStorage.open(file)) {
                DashboardServerTest.addTrial(writer, "fashion", 40);
            }
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#trials tr[data-trial='41']")));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
                    "return window.notReloaded === true;"), "the page was not reloaded");
            assertTrue(browser.findElement(By.id("summary")).getText().startsWith("42 trials"));

            for (String tab : List.of("history", "pareto", "controller", "workers")) {
                browser.get(server.address() + "#/study/fashion/" + tab);
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tab-" + tab)));
                if (tab.equals("history") || tab.equals("pareto")) {
                    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tab-" + tab + " canvas")));
                }
                shot(tab);
            }
            browser.get(server.address() + "#/study/fashion/trial/7");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#architecture .stage")));
            assertTrue(browser.findElement(By.id("architecture")).getText().contains("stage1"));
            assertTrue(browser.findElement(By.id("provenance")).getText().contains("test cpu"));
            assertTrue(browser.findElements(By.xpath("//*[text()='null']")).isEmpty(), "no blank rendered as null");
            shot("trial");

            browser.get(server.address() + "#/study/nowhere");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("not-found")));
            assertTrue(browser.findElement(By.id("not-found")).getText().contains("no study 'nowhere'"));
            shot("not-found");
        }
    }

    @Test
    void showsAOneShotStudysSupernetAndFollowsItsTraining(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("study.db");
        DashboardServerTest.writeOneShotStudy(file, "one-shot", 0.61, 0.74, 0.58, 0.70, 0.66);
        try (StudyStorage storage = SqliteStudyStorage.openReadOnly(file);
             DashboardServer server = DashboardServer.start(storage, "127.0.0.1", 0, Duration.ofMillis(500))) {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
            browser.get(server.address() + "#/study/one-shot/supernet");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tab-supernet canvas")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
            assertTrue(browser.findElement(By.id("loss-points")).getText().startsWith("2 points, the last at step 10"));
            List<WebElement> ranked = browser.findElements(By.cssSelector("#ranking tr td:nth-child(2)"));
            assertEquals(List.of("1", "3", "4", "0", "2"), ranked.stream().map(WebElement::getText).toList(),
                    "trials best first by one-shot accuracy");
            // The supernet trains on elsewhere: its new point shows without a reload.
            try (StudyStorage writer = SqliteStudyStorage.open(file)) {
                writer.recordCurve("one-shot", Curve.STUDY, Curve.SUPERNET_LOSS, List.of(new Curve.Point(15, 1.4)));
            }
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("loss-points"),
                    "3 points, the last at step 15"));
            shot("supernet");

            browser.get(server.address() + "#/study/one-shot/trial/1");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#curves canvas")));
            shot("trial-curves");
        }
    }

    private static void shot(String name) throws Exception {
        Path taken = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(taken, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
