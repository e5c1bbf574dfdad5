package dev.payroute.stripe.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standalone stand-in's settings: options, then the environment, then defaults. */
class StandInServerTest {

  @Test
  void defaults_listen_on_loopback_port_12111_and_send_no_webhooks() {
    StripeStandIn.Options options = StandInServer.options(new String[0], Map.of());
    assertEquals(12111, options.port());
    assertEquals("127.0.0.1", options.host());
    assertNull(options.webhookTargetUrl());
    assertEquals("acct_standin", options.accountId());
    assertEquals(Duration.ofMinutes(10), options.finishedAge());
    assertEquals(10_000, options.maxObjectsInMemory());
    assertEquals(Duration.ofHours(24), options.archiveRetention());
    assertEquals(Path.of(System.getProperty("java.io.tmpdir")), options.storageDirectory());
  }

  @Test
  void memory_and_disk_settings_come_from_options_or_the_environment() {
    Map<String, String> env = Map.of("STRIPE_STANDIN_FINISHED_AGE", "90s", "STRIPE_STANDIN_MAX_OBJECTS", "500",
        "STRIPE_STANDIN_ARCHIVE_RETENTION", "7d", "STRIPE_STANDIN_STORAGE_DIR", "/var/tmp/standin");
    StripeStandIn.Options fromEnv = StandInServer.options(new String[0], env);
    assertEquals(Duration.ofSeconds(90), fromEnv.finishedAge());
    assertEquals(500, fromEnv.maxObjectsInMemory());
    assertEquals(Duration.ofDays(7), fromEnv.archiveRetention());
    assertEquals(Path.of("/var/tmp/standin"), fromEnv.storageDirectory());

    StripeStandIn.Options given = StandInServer.options(new String[] {"--finished-age", "PT2M", "--max-objects=20",
        "--archive-retention", "36h", "--storage-dir", "/srv/standin"}, env);
    assertEquals(Duration.ofMinutes(2), given.finishedAge());
    assertEquals(20, given.maxObjectsInMemory());
    assertEquals(Duration.ofHours(36), given.archiveRetention());
    assertEquals(Path.of("/srv/standin"), given.storageDirectory());
    assertEquals(Duration.ZERO, StandInServer.options(new String[] {"--finished-age", "0s"}, Map.of()).finishedAge());
    assertEquals(Duration.ofMillis(250), StandInServer.duration("finished-age", "250ms"));
  }

  @Test
  void bad_memory_and_disk_settings_are_refused() {
    for (String[] args : new String[][] {
        {"--finished-age", "10"}, {"--finished-age", "-5m"}, {"--finished-age", "PT-1M"}, {"--finished-age", "ten"},
        {"--max-objects", "0"}, {"--max-objects", "1e4"}, {"--archive-retention", "0s"},
        {"--archive-retention", "99999999999999999d"}}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> StandInServer.options(args, Map.of()), String.join(" ", args));
      assertTrue(e.getMessage().startsWith(args[0]), e.getMessage());
    }
  }

  @Test
  void options_win_over_the_environment() {
    Map<String, String> env = Map.of("STRIPE_STANDIN_PORT", "4000", "STRIPE_STANDIN_HOST", "0.0.0.0",
        "STRIPE_STANDIN_WEBHOOK_URL", "http://env.example/hook", "STRIPE_WEBHOOK_SECRET", "whsec_env");
    StripeStandIn.Options fromEnv = StandInServer.options(new String[0], env);
    assertEquals(4000, fromEnv.port());
    assertEquals("0.0.0.0", fromEnv.host());
    assertEquals("http://env.example/hook", fromEnv.webhookTargetUrl());

    StripeStandIn.Options given = StandInServer.options(
        new String[] {"--port", "5000", "--host=127.0.0.2", "--webhook-url", "http://opt.example/hook",
            "--webhook-secret", "whsec_opt", "--account-id", "acct_platform"}, env);
    assertEquals(5000, given.port());
    assertEquals("127.0.0.2", given.host());
    assertEquals("http://opt.example/hook", given.webhookTargetUrl());
    assertEquals("acct_platform", given.accountId());
  }

  @Test
  void a_webhook_url_without_a_secret_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StandInServer.options(new String[] {"--webhook-url", "http://x.example/hook"}, Map.of()));
    assertTrue(e.getMessage().contains("STRIPE_WEBHOOK_SECRET"), e.getMessage());
    // The service's comma-separated list is accepted (StandInJarIT checks that its first entry signs).
    assertEquals("http://x.example/hook", StandInServer.options(new String[] {"--webhook-url", "http://x.example/hook"},
        Map.of("STRIPE_WEBHOOK_SECRET", "whsec_new,whsec_old")).webhookTargetUrl());
  }

  @Test
  void unknown_options_bad_ports_and_missing_values_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> StandInServer.options(new String[] {"--prot", "1"}, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> StandInServer.options(new String[] {"--port", "x"}, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> StandInServer.options(new String[] {"--port", "70000"}, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> StandInServer.options(new String[] {"--port"}, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> StandInServer.options(new String[] {"12111"}, Map.of()));
    assertNull(StandInServer.options(new String[] {"--help"}, Map.of()), "help only");
  }
}
