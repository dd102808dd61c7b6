package dev.notify.examples.adapters;

import dev.notify.action.MessageReceived;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Tenure;
import dev.notify.engine.DecisionEngine;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.UserSettings;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A worked example: a host installs a channel of its own ({@code whatsapp}) after its agents set
 * option-wide values. The new channel inherits them, as the product promises: "your existing
 * settings are automatically applied to all your current customers' installed channels".
 */
public final class CustomChannelExample {
  private CustomChannelExample() {}

  /** Runs the example and returns what the notifier did for a WhatsApp message. */
  public static PublishResult run() {
    LocalDate created = LocalDate.of(2023, 1, 10);
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .organizationCreatedOn(created)
            .putUser(new UserAccount("alice", created, "alice@example.test"));
    InMemorySettingsStore settings = new InMemorySettingsStore();

    // 1. With the standard catalog, alice asks for every new message in her conversations, in-app.
    UserSettings alice =
        UserSettings.none()
            .edit(Catalog.standard(), Tenure.of(created, created))
            .applyToAllChannels("conversation.message.assigned", Medium.IN_APP, Frequency.ALWAYS)
            .build();
    settings.save("alice", alice, 0);

    // 2. Later the host installs WhatsApp: a new catalog, a new engine; the stored settings are
    // unchanged.
    Catalog withWhatsApp =
        Catalog.standard().toBuilder().addChannel(Channel.of("whatsapp")).build();
    Notifier notifier =
        Notifier.builder()
            .engine(DecisionEngine.create(withWhatsApp, DefaultTable.standard()))
            .directory(directory)
            .settings(settings)
            .presence(new FixedPresence().set("alice", Presence.LOGGED_IN))
            .build();

    // 3. A WhatsApp message in alice's conversation reaches her under her option-wide value.
    return notifier.publish(
        new MessageReceived(
            "wa-1",
            Instant.parse("2024-05-06T10:00:00Z"),
            Channel.of("whatsapp"),
            "cust-1",
            "k-1",
            "alice",
            false,
            "Hola!"));
  }

  /** Prints the example's decisions. */
  public static void main(String[] args) {
    run().decisions().forEach(d -> System.out.println(d.explain()));
  }
}
