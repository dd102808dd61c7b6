package dev.notify.examples.adapters;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.time.LocalDate;

/** The smallest host: the code of README's "use it in your application" section. A test runs it. */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /** Wires a notifier with the builder, changes one setting and publishes one action. */
  public static PublishResult run() {
    // README:begin
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .organizationCreatedOn(LocalDate.of(2022, 1, 1))
            .putUser(new UserAccount("alice", LocalDate.of(2022, 2, 1), "alice@example.test"));
    FixedPresence presence = new FixedPresence().set("alice", Presence.LOGGED_IN);

    Notifier notifier =
        Notifier.builder()
            .directory(directory) // your users, teams and followers
            .presence(presence) // or SessionTracker, or your own PresenceProvider
            .build(); // in-memory settings and inbox; add .transport(...) for email

    // A settings page edits through the notifier: it knows the catalog and alice's tenure,
    // and saves with optimistic versions (a concurrent save makes it re-apply the change).
    UserSettings edited =
        notifier.editSettings(
            "alice",
            e -> e.set(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS)));

    PublishResult result =
        notifier.publish(
            ConversationAssigned.builder("evt-1")
                .occurredAt(Instant.now())
                .actor("bob")
                .conversation("k-42")
                .customer("cust-7")
                .assignee("alice")
                .build());
    result.decisions().forEach(d -> System.out.println(d.explain()));
    System.out.println("badge: " + notifier.inbox().unreadCount("alice"));
    // README:end
    return result;
  }

  /** Runs the example. */
  public static void main(String[] args) {
    run();
  }
}
