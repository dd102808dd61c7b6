package dev.notify.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.action.ConversationAssigned;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Layer;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final Tenure OLD = Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2019, 4, 1));
  private final DecisionEngine engine = DecisionEngine.standard();

  private static Recipient user(String id, Presence p, UserSettings s) {
    return new Recipient(id, OLD, s, p);
  }

  @Test
  void assignment_byDefault_popsUpInAppAndEmailsOnlyWhenLoggedOut() {
    ConversationAssigned a = new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice");
    Decision in =
        engine.decide(
            a, AudienceFacts.NONE, user("alice", Presence.LOGGED_IN, UserSettings.none()));
    assertThat(in.delivers(Medium.IN_APP)).isTrue();
    assertThat(in.forMedium(Medium.IN_APP).orElseThrow().popup()).isTrue();
    MediumDecision email = in.forMedium(Medium.EMAIL).orElseThrow();
    assertThat(email.delivered()).isFalse();
    assertThat(email.reason().outcome()).isEqualTo(Outcome.LOGGED_IN);
    assertThat(email.reason().layer()).isEqualTo(Layer.DEFAULT_TABLE);
    assertThat(email.reason().tableVersion()).isEqualTo(DefaultTable.STANDARD_VERSION);
    assertThat(in.explain())
        .contains("alice email: decided not to deliver")
        .contains("WHEN_LOGGED_OUT")
        .contains("logged in");

    Decision out =
        engine.decide(
            a, AudienceFacts.NONE, user("alice", Presence.TIMED_OUT, UserSettings.none()));
    assertThat(out.delivers(Medium.EMAIL)).isTrue();
    assertThat(out.forMedium(Medium.IN_APP).orElseThrow().popup()).isFalse();
  }

  @Test
  void anEngineOfferingOnlyInApp_decidesEmailNotOffered_itself() {
    DecisionEngine inAppOnly = engine.offering(Set.of());
    assertThat(inAppOnly.offeredMedia()).containsExactly(Medium.IN_APP);
    assertThat(engine.offering(Set.of(Medium.EMAIL))).isSameAs(engine);
    ConversationAssigned a = new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice");
    Decision alice =
        inAppOnly.decide(
            a, AudienceFacts.NONE, user("alice", Presence.LOGGED_OUT, UserSettings.none()));
    assertThat(alice.delivers(Medium.IN_APP)).isTrue();
    assertThat(alice.forMedium(Medium.EMAIL).orElseThrow().reason().outcome())
        .isEqualTo(Outcome.NOT_OFFERED);
    Decision actor =
        inAppOnly.decide(
            a, AudienceFacts.NONE, user("bob", Presence.LOGGED_OUT, UserSettings.none()));
    assertThat(actor.forMedium(Medium.IN_APP).orElseThrow().reason().outcome())
        .isEqualTo(Outcome.ACTOR);
    assertThat(actor.forMedium(Medium.EMAIL).orElseThrow().reason().outcome())
        .isEqualTo(Outcome.NOT_OFFERED);
    Decision outsider =
        inAppOnly.decide(
            a, AudienceFacts.NONE, user("carol", Presence.LOGGED_OUT, UserSettings.none()));
    assertThat(outsider.forMedium(Medium.EMAIL).orElseThrow().reason().outcome())
        .isEqualTo(Outcome.NOT_IN_AUDIENCE);
    assertThatThrownBy(() -> engine.offering(Set.of(Medium.of("sms"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"sms\"");
  }

  private MediumDecision noteEmail(Frequency mentioned, Frequency added, Presence p) {
    UserSettings s =
        UserSettings.of(
            Catalog.standard(),
            OLD,
            List.of(
                Setting.of("note.mentioned", Medium.EMAIL, mentioned),
                Setting.of("note.added", Medium.EMAIL, added)),
            List.of());
    NoteAdded note =
        new NoteAdded("n1", AT, "bob", "k1", "c1", "alice", Set.of("alice"), Set.of(), null);
    return engine
        .decide(note, AudienceFacts.NONE, user("alice", p, s))
        .forMedium(Medium.EMAIL)
        .orElseThrow();
  }

  @Test
  void ifUnread_deliversConditionally_onlyWhenNothingPassesUnconditionally() {
    MediumDecision alone = noteEmail(Frequency.IF_UNREAD, Frequency.NEVER, Presence.LOGGED_IN);
    assertThat(alone.delivered()).isTrue();
    assertThat(alone.conditional()).isTrue();
    assertThat(alone.reason().option().id()).isEqualTo("note.mentioned");
    assertThat(alone.popup()).isFalse();

    MediumDecision beaten = noteEmail(Frequency.IF_UNREAD, Frequency.ALWAYS, Presence.LOGGED_IN);
    assertThat(beaten.conditional()).as("a less specific unconditional pass wins").isFalse();
    assertThat(beaten.reason().option().id()).isEqualTo("note.added");

    MediumDecision gated =
        noteEmail(Frequency.IF_UNREAD, Frequency.WHEN_LOGGED_OUT, Presence.LOGGED_IN);
    assertThat(gated.conditional()).isTrue();
    MediumDecision loggedOut =
        noteEmail(Frequency.IF_UNREAD, Frequency.WHEN_LOGGED_OUT, Presence.LOGGED_OUT);
    assertThat(loggedOut.conditional()).isFalse();
    assertThat(loggedOut.reason().option().id()).isEqualTo("note.added");
  }

  @Test
  void ifUnread_isRefusedForInApp() {
    assertThatThrownBy(
            () ->
                UserSettings.of(
                    Catalog.standard(),
                    OLD,
                    List.of(Setting.of("note.added", Medium.IN_APP, Frequency.IF_UNREAD)),
                    List.of()))
        .hasMessageContaining("settings[0].frequency")
        .hasMessageContaining("IF_UNREAD is for email");
    assertThatThrownBy(
            () -> DefaultTable.builder("t-2").set("note.added", Medium.IN_APP, Frequency.IF_UNREAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in_app");
  }

  @Test
  void channelSetting_winsOverOptionSetting() {
    UserSettings s =
        UserSettings.of(
            Catalog.standard(),
            OLD,
            List.of(
                Setting.of("conversation.message.assigned", Medium.EMAIL, Frequency.ALWAYS),
                Setting.of(
                    "conversation.message.assigned",
                    Channel.TWILIO,
                    Medium.EMAIL,
                    Frequency.NEVER)),
            List.of());
    Decision twilio =
        engine.decide(
            new MessageReceived("m1", AT, Channel.TWILIO, "c", "k", "alice", false, null),
            AudienceFacts.NONE,
            user("alice", Presence.LOGGED_IN, s));
    assertThat(twilio.delivers(Medium.EMAIL)).isFalse();
    assertThat(twilio.forMedium(Medium.EMAIL).orElseThrow().reason().layer())
        .isEqualTo(Layer.CHANNEL_SETTING);
    assertThat(twilio.forMedium(Medium.EMAIL).orElseThrow().reason().channel())
        .isEqualTo(Channel.TWILIO);
    Decision gmail =
        engine.decide(
            new MessageReceived("m2", AT, Channel.GMAIL, "c", "k", "alice", false, null),
            AudienceFacts.NONE,
            user("alice", Presence.LOGGED_IN, s));
    assertThat(gmail.delivers(Medium.EMAIL)).isTrue();
    assertThat(gmail.forMedium(Medium.EMAIL).orElseThrow().reason().layer())
        .isEqualTo(Layer.OPTION_SETTING);
  }

  @Test
  void noteForAssigneeWhoIsMentioned_labelsByMostSpecificPassingOption() {
    UserSettings s =
        UserSettings.of(
            Catalog.standard(),
            OLD,
            List.of(Setting.of("note.mentioned", Medium.IN_APP, Frequency.NEVER)),
            List.of(Tone.of(SoundCategory.MENTIONED, "chime")));
    NoteAdded note =
        new NoteAdded("n1", AT, "bob", "k1", "c", "alice", Set.of("alice"), Set.of(), null);
    Decision d = engine.decide(note, AudienceFacts.NONE, user("alice", Presence.LOGGED_IN, s));
    assertThat(d.forMedium(Medium.IN_APP).orElseThrow().label())
        .map(o -> o.id())
        .contains("note.added");
    assertThat(d.forMedium(Medium.IN_APP).orElseThrow().sound())
        .isNull(); // note.added has no sound
    assertThat(d.forMedium(Medium.EMAIL).orElseThrow().label())
        .map(o -> o.id())
        .contains("note.mentioned");
  }

  @Test
  void sound_channelToneWinsOverAllChannels() {
    UserSettings s =
        UserSettings.of(
            Catalog.standard(),
            OLD,
            List.of(Setting.of("conversation.message.assigned", Medium.IN_APP, Frequency.ALWAYS)),
            List.of(
                new Tone(SoundCategory.NEW_MESSAGE, Channel.CHAT, "pop"),
                Tone.of(SoundCategory.NEW_MESSAGE, "ding")));
    Recipient alice = user("alice", Presence.LOGGED_IN, s);
    assertThat(
            engine
                .decide(
                    new MessageReceived("m1", AT, Channel.CHAT, "c", "k", "alice", false, null),
                    AudienceFacts.NONE,
                    alice)
                .forMedium(Medium.IN_APP)
                .orElseThrow()
                .sound())
        .isEqualTo("pop");
    assertThat(
            engine
                .decide(
                    new MessageReceived("m2", AT, Channel.FORMS, "c", "k", "alice", false, null),
                    AudienceFacts.NONE,
                    alice)
                .forMedium(Medium.IN_APP)
                .orElseThrow()
                .sound())
        .isEqualTo("ding");
  }

  @Test
  void legacyOption_unavailableToNewUser_saysSo() {
    MessageReceived m = new MessageReceived("m1", AT, Channel.CHAT, "c", "k", null, true, null);
    Recipient newcomer =
        new Recipient(
            "nina",
            Tenure.of(LocalDate.of(2019, 3, 1), LocalDate.of(2021, 2, 1)),
            UserSettings.none(),
            Presence.LOGGED_IN);
    Decision d = engine.decide(m, AudienceFacts.NONE, newcomer);
    assertThat(d.deliversAny()).isFalse();
    assertThat(d.media())
        .allSatisfy(md -> assertThat(md.reason().outcome()).isEqualTo(Outcome.UNAVAILABLE));
  }

  @Test
  void actorAndOutsider_haveTheirOwnReasons() {
    ConversationAssigned a = new ConversationAssigned("a1", AT, "alice", "k1", "cust-1", "alice");
    assertThat(
            engine
                .decide(
                    a, AudienceFacts.NONE, user("alice", Presence.LOGGED_OUT, UserSettings.none()))
                .media())
        .allSatisfy(md -> assertThat(md.reason().outcome()).isEqualTo(Outcome.ACTOR));
    assertThat(
            engine
                .decide(
                    a, AudienceFacts.NONE, user("carol", Presence.LOGGED_OUT, UserSettings.none()))
                .media())
        .allSatisfy(md -> assertThat(md.reason().outcome()).isEqualTo(Outcome.NOT_IN_AUDIENCE));
  }

  @Test
  void newDefaultTableVersion_reachesUsersWhoNeverSetTheKey() {
    DefaultTable v2 =
        DefaultTable.standard().toBuilder("standard-2")
            .set("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS)
            .build();
    DecisionEngine e2 = DecisionEngine.create(Catalog.standard(), v2);
    ConversationAssigned a = new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice");
    UserSettings own =
        UserSettings.of(
            Catalog.standard(),
            OLD,
            List.of(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.NEVER)),
            List.of());
    Decision follower =
        e2.decide(a, AudienceFacts.NONE, user("alice", Presence.LOGGED_IN, UserSettings.none()));
    assertThat(follower.delivers(Medium.EMAIL)).isTrue();
    assertThat(follower.forMedium(Medium.EMAIL).orElseThrow().reason().tableVersion())
        .isEqualTo("standard-2");
    assertThat(
            e2.decide(a, AudienceFacts.NONE, user("alice", Presence.LOGGED_IN, own))
                .delivers(Medium.EMAIL))
        .isFalse();
  }

  @Test
  void settingsOfAnotherCatalog_meanTheSameById() {
    // Same ids, other order: the settings' keys mean other things in the engine's catalog.
    Catalog.Builder reordered = Catalog.builder();
    List<Channel> channels = new ArrayList<>(Catalog.standard().channels());
    Collections.reverse(channels);
    channels.forEach(reordered::addChannel);
    reordered.addMedium(Medium.EMAIL).addMedium(Medium.IN_APP);
    List<NotificationOption> options = new ArrayList<>(Catalog.standard().options());
    Collections.reverse(options);
    options.forEach(reordered::addOption);
    Catalog other = reordered.build();
    List<Setting> values =
        List.of(
            Setting.of("conversation.message.assigned", Medium.EMAIL, Frequency.NEVER),
            Setting.of(
                "conversation.message.assigned", Channel.TWILIO, Medium.EMAIL, Frequency.ALWAYS),
            Setting.of("customer.message.followed", Medium.IN_APP, Frequency.NEVER));
    UserSettings theirs = UserSettings.of(other, OLD, values, List.of());
    UserSettings ours = UserSettings.of(Catalog.standard(), OLD, values, List.of());
    for (Channel c : List.of(Channel.TWILIO, Channel.CHAT)) {
      MessageReceived m =
          new MessageReceived("m-" + c.id(), AT, c, "cust-1", "k1", "alice", false, null);
      AudienceFacts facts = new AudienceFacts(Set.of("alice"), Set.of());
      for (Presence p : Presence.values()) {
        assertThat(engine.decide(m, facts, user("alice", p, theirs)))
            .isEqualTo(engine.decide(m, facts, user("alice", p, ours)));
      }
    }
    MessageReceived twilio =
        new MessageReceived("m1", AT, Channel.TWILIO, "cust-1", "k1", "alice", false, null);
    MediumDecision email =
        engine
            .decide(twilio, AudienceFacts.NONE, user("alice", Presence.LOGGED_IN, theirs))
            .forMedium(Medium.EMAIL)
            .orElseThrow();
    assertThat(email.reason().layer()).isEqualTo(Layer.CHANNEL_SETTING);
    assertThat(email.delivered()).isTrue();
  }

  @Test
  void settingsOfTheCatalogAnExtensionCameFrom_keepTheirMeaning() {
    Channel web = Channel.of("web");
    Catalog extended = Catalog.standard().toBuilder().addChannel(web).build();
    DecisionEngine wide =
        DecisionEngine.create(extended, DefaultTable.fromCatalog("x-1", extended));
    UserSettings s =
        UserSettings.of(
            Catalog.standard(),
            OLD,
            List.of(
                Setting.of("conversation.message.assigned", Medium.EMAIL, Frequency.ALWAYS),
                Setting.of(
                    "conversation.message.assigned", Channel.CHAT, Medium.EMAIL, Frequency.NEVER)),
            List.of());
    Decision onWeb =
        wide.decide(
            new MessageReceived("m1", AT, web, "c", "k", "alice", false, null),
            AudienceFacts.NONE,
            user("alice", Presence.LOGGED_IN, s));
    assertThat(onWeb.forMedium(Medium.EMAIL).orElseThrow().reason().layer())
        .isEqualTo(Layer.OPTION_SETTING);
    assertThat(onWeb.delivers(Medium.EMAIL)).isTrue();
    Decision onChat =
        wide.decide(
            new MessageReceived("m2", AT, Channel.CHAT, "c", "k", "alice", false, null),
            AudienceFacts.NONE,
            user("alice", Presence.LOGGED_IN, s));
    assertThat(onChat.forMedium(Medium.EMAIL).orElseThrow().reason().layer())
        .isEqualTo(Layer.CHANNEL_SETTING);
    assertThat(onChat.delivers(Medium.EMAIL)).isFalse();
  }

  @Test
  void unknownChannelOnAction_isRejected() {
    MessageReceived m =
        new MessageReceived("m1", AT, Channel.of("fax"), "c", "k", null, false, null);
    assertThatThrownBy(() -> engine.plan(m, AudienceFacts.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"fax\"");
  }

  @Test
  void decideAll_rejectsDuplicateCandidates() {
    ConversationAssigned a = new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice");
    Recipient r = user("alice", Presence.LOGGED_IN, UserSettings.none());
    assertThatThrownBy(() -> engine.decideAll(a, AudienceFacts.NONE, List.of(r, r)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"alice\"");
  }

  @Test
  void nulls_areNamed() {
    assertThatThrownBy(() -> engine.plan(null, AudienceFacts.NONE))
        .hasMessage("action cannot be null");
    assertThatThrownBy(() -> new Recipient("a", OLD, null, Presence.LOGGED_IN))
        .hasMessage("settings cannot be null");
  }
}
