package dev.notify.examples.adapters;

import dev.notify.action.NoteAdded;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Tenure;
import dev.notify.engine.DecisionEngine;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A worked example: a host adds an {@code sms} medium, delivered by its own {@link
 * WebhookTransport}; agents opt in per option like for any other medium (the default table says
 * {@code NEVER} for it).
 */
public final class CustomMediumExample {
  /** The host's medium. */
  public static final Medium SMS = Medium.of("sms");

  private CustomMediumExample() {}

  /** What the example did: what publish queued, then what the workers' code delivered. */
  public record Result(PublishResult published, int claimed, List<DeadLetter> deadLetters) {}

  /** Runs the example against the SMS gateway at {@code gateway}. */
  public static Result run(URI gateway) {
    return run(new WebhookTransport(SMS, gateway, Duration.ofSeconds(5)));
  }

  /**
   * Runs the example with any transport of the {@code sms} medium (one found by ServiceLoader,
   * say).
   */
  public static Result run(Transport sms) {
    Catalog catalog = Catalog.standard().toBuilder().addMedium(SMS).build();
    // A new table version for the extended catalog: every option's declared defaults, sms NEVER.
    DefaultTable table = DefaultTable.fromCatalog("acme-with-sms-1", catalog);
    LocalDate created = LocalDate.of(2023, 1, 10);
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .organizationCreatedOn(created)
            .putUser(new UserAccount("alice", created, "alice@example.test"))
            .putUser(new UserAccount("bob", created, "bob@example.test"));
    InMemorySettingsStore settings = new InMemorySettingsStore();
    settings.save(
        "alice",
        UserSettings.of(
            catalog,
            Tenure.of(created, created),
            // alice wants mentions by SMS instead of email.
            List.of(
                Setting.of("note.mentioned", SMS, Frequency.ALWAYS),
                Setting.of("note.mentioned", Medium.EMAIL, Frequency.NEVER)),
            List.of()),
        0);

    Notifier notifier =
        Notifier.builder()
            .engine(DecisionEngine.create(catalog, table))
            .directory(directory)
            .settings(settings)
            .transport(sms)
            .build();
    PublishResult published =
        notifier.publish(
            new NoteAdded(
                "n-1",
                Instant.parse("2024-05-06T10:00:00Z"),
                "bob",
                "k-1",
                "cust-1",
                null,
                Set.of("alice"),
                Set.of(),
                "Can you call the customer back?"));
    // Deliver inline, as a worker would (a host would run notifier.startWorkers(...) instead).
    int claimed = notifier.deliverDue();
    return new Result(published, claimed, notifier.deadLetters(0, 10));
  }
}
