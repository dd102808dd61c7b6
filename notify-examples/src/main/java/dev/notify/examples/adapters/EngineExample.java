package dev.notify.examples.adapters;

import dev.notify.action.MessageReceived;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.engine.AudienceFacts;
import dev.notify.engine.Decision;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.Recipient;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The engine on its own, as README's first sample shows it; a test runs it. */
public final class EngineExample {
  private EngineExample() {}

  /** Decides one chat message for one agent and prints the explanation. */
  public static Decision run() {
    // README:engine:begin
    Tenure tenure = Tenure.of(LocalDate.of(2022, 1, 1), LocalDate.of(2022, 2, 1));
    UserSettings alice =
        UserSettings.of(
            Catalog.standard(),
            tenure,
            List.of(
                Setting.of(
                    "conversation.message.assigned",
                    Channel.CHAT,
                    Medium.IN_APP,
                    Frequency.ALWAYS)),
            List.of(new Tone(SoundCategory.NEW_MESSAGE, Channel.CHAT, "pop")));
    Decision d =
        DecisionEngine.standard()
            .decide(
                new MessageReceived(
                    "m1", Instant.now(), Channel.CHAT, "cust-1", "k1", "alice", false, null),
                AudienceFacts.NONE,
                new Recipient("alice", tenure, alice, Presence.LOGGED_IN));
    System.out.println(d.explain());
    // README:engine:end
    return d;
  }

  /** Runs the example. */
  public static void main(String[] args) {
    run();
  }
}
