package dev.notify.examples.demo;

import dev.notify.action.Action;
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectCreated;
import dev.notify.action.ObjectUpdated;
import dev.notify.action.SnoozeExpired;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.email.EmailAddress;
import dev.notify.email.EmailComposer;
import dev.notify.email.EmailSender;
import dev.notify.email.EmailTransport;
import dev.notify.email.StandardEmailRenderer;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryStores;
import dev.notify.memory.ManualClock;
import dev.notify.memory.SessionTracker;
import dev.notify.pipeline.DefaultTableChange;
import dev.notify.pipeline.DeliveryStats;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.Delivery;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.InboxItem;
import dev.notify.spi.InboxStore;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.Stores;
import dev.notify.spi.UserAccount;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.UserTiming;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A short, realistic help-desk day played through the real {@link Notifier} and the real email
 * transport: five agents on two teams with their own settings and sounds, sessions that log in, log
 * out and time out as the clock advances, followed customers, and actions on every channel and for
 * every notification option.
 */
public final class HelpDeskDay {
  /**
   * The organisation was created before the legacy cut-off, so its old agents keep the legacy
   * options.
   */
  public static final LocalDate ORG_CREATED = LocalDate.of(2019, 3, 1);

  /** When the day starts. */
  public static final Instant START = Instant.parse("2024-05-06T09:00:00Z");

  /** The inactivity after which a session times out. */
  public static final Duration TIMEOUT = Duration.ofMinutes(15);

  /** The agents. */
  public static final List<String> AGENTS = List.of("alice", "bob", "carol", "dave", "erin");

  /** One step of the day: what the clock said, what happened, and what the notifier did. */
  public record Step(Instant at, String story, PublishResult result) {}

  /** An agent's badge and unread panel at the end of the day. */
  public record Panel(String agent, long badge, List<InboxItem> unread) {}

  /** The whole day. */
  public record Report(
      List<Step> steps,
      Map<String, Panel> panels,
      String markedAllRead,
      long badgeAfterMarkAllRead,
      DeliveryStats delivery,
      List<DeadLetter> deadLetters,
      Instant endedAt,
      DefaultTableChange preview,
      String followed,
      List<HistoryEvent> history) {
    /** Every email delivery the day queued for the workers. */
    public long emailDeliveries() {
      return steps.stream()
          .flatMap(s -> s.result().enqueued().stream())
          .filter(d -> d.medium().equals(Medium.EMAIL))
          .count();
    }
  }

  private final ManualClock clock = new ManualClock(START);
  private final SessionTracker sessions = new SessionTracker(clock, TIMEOUT);
  private final InMemoryDirectory directory =
      new InMemoryDirectory().organizationCreatedOn(ORG_CREATED);
  private final SettingsStore settings;
  private final InboxStore inbox;
  private final Notifier notifier;

  /** The notification whose history the day ends with: carol's email that waited to be unread. */
  public static final String FOLLOWED = Delivery.idOf("a-k200", "carol", Medium.EMAIL);

  private final List<Step> steps = new ArrayList<>();

  /**
   * Beyond the seed: erin works from New York and is quiet there from 19:00 to 08:00; carol's "if
   * still unread" email waits 10 minutes; bob gathers his email in a 15-minute digest.
   */
  public static final Map<String, UserTiming> TIMINGS =
      Map.of(
          "erin",
          new UserTiming(
              QuietHours.of(
                  ZoneId.of("America/New_York"),
                  List.of(
                      new QuietWindow(
                          EnumSet.allOf(DayOfWeek.class),
                          LocalTime.of(19, 0),
                          LocalTime.of(8, 0)))),
              UserTiming.DEFAULT_UNREAD_DELAY,
              null),
          "carol",
          new UserTiming(QuietHours.NONE, Duration.ofMinutes(10), null),
          "bob",
          new UserTiming(
              QuietHours.NONE,
              UserTiming.DEFAULT_UNREAD_DELAY,
              new DigestPolicy(Duration.ofMinutes(15), 20, false)));

  /** The next default table an admin previews: "Someone adds a note" by email, Always. */
  public static final DefaultTable NEXT_TABLE =
      DefaultTable.standard().toBuilder("standard-2")
          .set("note.added", Medium.EMAIL, Frequency.ALWAYS)
          .build();

  /** A day in memory whose email goes out through {@code sender}. */
  public HelpDeskDay(EmailSender sender) {
    this(sender, new InMemoryStores());
  }

  /** A day kept in {@code stores} (a database: a second day finds the first one's inbox). */
  public HelpDeskDay(EmailSender sender, Stores stores) {
    this.settings = stores.settings();
    this.inbox = stores.inbox();
    EmailComposer composer =
        new EmailComposer(
            EmailAddress.of("notifications@acme-helpdesk.example", "Acme Help Desk"),
            new StandardEmailRenderer("Acme Help Desk"));
    this.notifier =
        Notifier.builder()
            .directory(directory)
            .stores(stores) // settings, inbox, outbox, action log and digest book
            .presence(sessions)
            .transport(new EmailTransport(composer, sender))
            .timings(u -> TIMINGS.getOrDefault(u, UserTiming.DEFAULT))
            .urgent(Set.of("note.mentioned"))
            .clock(clock)
            .build();
  }

  /** Plays the day. */
  public Report play() {
    setUpOrganisation();
    // Publish decides and queues; two workers send the email in the background meanwhile.
    DeliveryWorkers workers = notifier.startWorkers(2, Duration.ofMillis(20));
    try {
      return playWith(workers);
    } finally {
      workers.close();
    }
  }

  private Report playWith(DeliveryWorkers workers) {

    sessions.logIn("alice");
    sessions.logIn("bob");
    sessions.logIn("dave");
    // carol and erin are logged out all morning.

    at(
        1,
        "A customer of Acme writes on chat in k-100, which is assigned to alice",
        t ->
            new MessageReceived(
                "m-chat",
                t,
                Channel.CHAT,
                "acme",
                "k-100",
                "alice",
                false,
                "Hi, my order #4411 has not arrived."));
    at(
        1,
        "Zen starts a new conversation through a form",
        t ->
            new MessageReceived(
                "m-forms",
                t,
                Channel.FORMS,
                "zen",
                "k-200",
                null,
                true,
                "Please call me back about my invoice."));
    at(
        1,
        "Acme replies by email in k-100",
        t ->
            new MessageReceived(
                "m-email",
                t,
                Channel.EMAIL,
                "acme",
                "k-100",
                "alice",
                false,
                "Attached is the receipt."));
    at(
        1,
        "Acme follows up by Gmail in k-100",
        t ->
            new MessageReceived(
                "m-gmail", t, Channel.GMAIL, "acme", "k-100", "alice", false, "Any news?"));
    at(
        1,
        "Acme texts through Twilio in k-100",
        t ->
            new MessageReceived(
                "m-twilio", t, Channel.TWILIO, "acme", "k-100", "alice", false, "Still waiting."));
    at(
        1,
        "Zen calls through Amazon Connect (voicemail) in k-200",
        t ->
            new MessageReceived(
                "m-connect",
                t,
                Channel.AMAZON_CONNECT,
                "zen",
                "k-200",
                null,
                false,
                "Voicemail: please call back."));
    at(
        2,
        "dave assigns k-200 to carol",
        t -> new ConversationAssigned("a-k200", t, "dave", "k-200", "zen", "carol"));
    // carol opens the app a moment later and reads it: her "if still unread" email will not go.
    inbox.markRead("carol", Delivery.idOf("a-k200", "carol", Medium.IN_APP));
    at(
        1,
        "The triage assistant transfers k-300 to carol",
        t -> new ConversationTransferred("t-k300", t, "triage-assistant", "k-300", "zen", "carol"));
    at(
        2,
        "dave adds a note on k-100 mentioning alice and the billing team",
        t ->
            new NoteAdded(
                "n-k100",
                t,
                "dave",
                "k-100",
                "acme",
                "alice",
                Set.of("alice"),
                Set.of("billing"),
                "@alice the refund needs approval; @billing can you confirm the amount?"));
    at(
        1,
        "alice snoozes k-400 and hands it to bob",
        t -> new ConversationAssigned("a-k400", t, "alice", "k-400", "acme", "bob"));
    at(
        20,
        "Twenty quiet minutes later bob has timed out; k-400's snooze expires (bob is its assignee now)",
        t -> new SnoozeExpired("s-k400", t, "k-400", "acme", "bob"));
    at(
        1,
        "alice creates a return order on Acme",
        t -> new ObjectCreated("o-created", t, "alice", "acme", "return #77"));
    at(
        1,
        "dave updates the return order on Acme",
        t -> new ObjectUpdated("o-updated", t, "dave", "acme", "return #77"));
    at(1, "The Shopify app is updated", t -> new AppUpdated("app-shopify", t, "shopify"));

    Map<String, Panel> panels = new LinkedHashMap<>();
    for (String agent : AGENTS) {
      List<InboxItem> items = inbox.page(agent, 0, 100);
      panels.put(
          agent,
          new Panel(
              agent, inbox.unreadCount(agent), items.stream().filter(i -> !i.read()).toList()));
    }
    inbox.markAllRead("alice");
    // The rest of the morning: what waits (an unread check, a digest window, erin's quiet hours
    // in New York until 08:00 there) comes due.
    awaitWorkers();
    clock.advance(Duration.between(clock.instant(), START.plus(Duration.ofHours(3))));
    awaitWorkers();
    workers.close();
    return new Report(
        List.copyOf(steps),
        panels,
        "alice",
        inbox.unreadCount("alice"),
        notifier.stats(),
        notifier.deadLetters(0, 100),
        clock.instant(),
        notifier.previewDefaultTable(NEXT_TABLE, 3),
        FOLLOWED,
        notifier.history().of(FOLLOWED));
  }

  /** Waits (at most 30 s) until the workers hold nothing and nothing is due. */
  private void awaitWorkers() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      OutboxCounts c = notifier.stats().outbox();
      if (c.due() + c.leased() == 0) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void at(int minutesLater, String story, Function<Instant, Action> action) {
    // The day's clock jumps by minutes; let the workers finish first, or their leases would end
    // under them (a real clock never jumps).
    awaitWorkers();
    clock.advance(Duration.ofMinutes(minutesLater));
    // Agents who are working keep their sessions alive; bob went for coffee after 09:12.
    for (String a : List.of("alice", "dave")) {
      sessions.heartbeat(a);
    }
    if (clock.instant().isBefore(START.plus(Duration.ofMinutes(12)))) {
      sessions.heartbeat("bob");
    }
    steps.add(new Step(clock.instant(), story, notifier.publish(action.apply(clock.instant()))));
  }

  /** Agents who joined before the legacy cut-off: dave and erin. */
  public static final LocalDate VETERAN = LocalDate.of(2020, 2, 1);

  /** Agents who joined after it: alice, bob and carol. */
  public static final LocalDate NEWCOMER = LocalDate.of(2023, 9, 1);

  /**
   * Puts the organisation into {@code directory}: the five agents, teams support (alice, bob,
   * carol) and billing (dave, erin), and the followers of customers acme (bob, dave) and zen
   * (carol).
   */
  public static InMemoryDirectory organisation(InMemoryDirectory directory) {
    directory.organizationCreatedOn(ORG_CREATED);
    for (String a : AGENTS) {
      LocalDate joined = a.equals("dave") || a.equals("erin") ? VETERAN : NEWCOMER;
      directory.putUser(new UserAccount(a, joined, a + "@acme-helpdesk.example"));
    }
    directory.putTeam("support", List.of("alice", "bob", "carol"));
    directory.putTeam("billing", List.of("dave", "erin"));
    directory.putFollowers("acme", List.of("bob", "dave"));
    directory.putFollowers("zen", List.of("carol"));
    return directory;
  }

  private void setUpOrganisation() {
    LocalDate veteran = VETERAN;
    LocalDate newcomer = NEWCOMER;
    organisation(directory);

    Catalog catalog = Catalog.standard();
    save(
        "alice",
        newcomer,
        catalog,
        List.of(
            Setting.of(
                "conversation.message.assigned", Channel.CHAT, Medium.IN_APP, Frequency.ALWAYS),
            Setting.of("conversation.message.assigned", Medium.EMAIL, Frequency.ALWAYS),
            Setting.of(
                "conversation.message.assigned", Channel.TWILIO, Medium.EMAIL, Frequency.NEVER)),
        List.of(
            new Tone(SoundCategory.NEW_MESSAGE, Channel.CHAT, "pop"),
            Tone.of(SoundCategory.NEW_MESSAGE, "ding"),
            Tone.of(SoundCategory.ASSIGNED, "chime"),
            Tone.of(SoundCategory.MENTIONED, "bell")));
    save(
        "bob",
        newcomer,
        catalog,
        List.of(
            Setting.of("customer.message.followed", Medium.IN_APP, Frequency.ALWAYS),
            Setting.of("customer.message.followed", Medium.EMAIL, Frequency.WHEN_LOGGED_OUT),
            Setting.of("note.team_mentioned", Medium.IN_APP, Frequency.NEVER)),
        List.of(Tone.of(SoundCategory.NEW_MESSAGE, "ding")));
    save(
        "carol",
        newcomer,
        catalog,
        List.of(
            Setting.of("conversation.transferred", Medium.IN_APP, Frequency.ALWAYS),
            Setting.of("conversation.transferred", Medium.EMAIL, Frequency.ALWAYS),
            Setting.of("conversation.assigned", Medium.EMAIL, Frequency.IF_UNREAD)),
        List.of());
    save(
        "dave",
        veteran,
        catalog,
        List.of(
            Setting.of("note.added", Medium.EMAIL, Frequency.NEVER),
            Setting.of("object.updated", Medium.IN_APP, Frequency.NEVER)),
        List.of(Tone.of(SoundCategory.TEAM_MENTIONED, "knock")));
    // erin has been here since 2020: the legacy "any message" options are still hers.
    save(
        "erin",
        veteran,
        catalog,
        List.of(
            Setting.of("customer.message.any", Medium.IN_APP, Frequency.ALWAYS),
            Setting.of("conversation.created", Medium.EMAIL, Frequency.ALWAYS)),
        List.of());
  }

  private void save(
      String agent, LocalDate created, Catalog catalog, List<Setting> values, List<Tone> tones) {
    UserSettings s = UserSettings.of(catalog, Tenure.of(ORG_CREATED, created), values, tones);
    settings.save(agent, s, settings.load(agent).version());
  }
}
