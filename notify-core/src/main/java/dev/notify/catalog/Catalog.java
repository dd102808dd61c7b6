package dev.notify.catalog;

import dev.notify.NotifyException;
import dev.notify.internal.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The notification options, channels and media a host works with. {@link #standard()} is the
 * product's catalog: the twelve Timeline options and {@code app.updated} on the System Events tab,
 * the six channels and the {@code in_app} and {@code email} media. A host extends it with {@link
 * #toBuilder()}: a custom channel, a custom medium (with a transport), a custom option with its
 * audience and defaults.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Catalog {
  private static final Catalog STANDARD = buildStandard();

  private final List<NotificationOption> options;
  private final Map<String, NotificationOption> optionsById;
  private final List<Channel> channels;
  private final List<Medium> media;
  private final Map<ActionKind, List<NotificationOption>> byKind;

  private Catalog(Builder b) {
    this.options = List.copyOf(b.options.values());
    this.optionsById = Map.copyOf(b.options);
    this.channels = List.copyOf(b.channels);
    this.media = List.copyOf(b.media);
    Map<ActionKind, List<NotificationOption>> kinds = new HashMap<>();
    for (NotificationOption o : options) {
      kinds.computeIfAbsent(o.audience().kind(), k -> new ArrayList<>()).add(o);
    }
    // Most specific first; ties keep declaration order (the sort is stable).
    kinds.replaceAll(
        (k, list) -> {
          list.sort(Comparator.comparingInt(NotificationOption::specificity).reversed());
          return List.copyOf(list);
        });
    this.byKind = Map.copyOf(kinds);
  }

  /** The product's standard catalog. */
  public static Catalog standard() {
    return STANDARD;
  }

  /** An empty builder: no options, channels or media. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this catalog, to add a host's own channels, media and options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    options.forEach(o -> b.options.put(o.id(), o));
    b.channels.addAll(channels);
    b.media.addAll(media);
    return b;
  }

  /** Every option, in the order of the settings page. */
  public List<NotificationOption> options() {
    return options;
  }

  /** The option with this id, if any. */
  public Optional<NotificationOption> option(String id) {
    return Optional.ofNullable(optionsById.get(Checks.notNull(id, "option")));
  }

  /**
   * The option with this id.
   *
   * @throws IllegalArgumentException quoting the id when the catalog has no such option
   */
  public NotificationOption requireOption(String id) {
    NotificationOption o = optionsById.get(Checks.notNull(id, "option"));
    if (o == null) {
      throw new IllegalArgumentException(
          Checks.format("unknown notification option %s", Checks.quote(id))
              + Checks.known(id, optionsById.keySet()));
    }
    return o;
  }

  /** The options whose audience listens to {@code kind}, most specific first. */
  public List<NotificationOption> optionsFor(ActionKind kind) {
    return byKind.getOrDefault(Checks.notNull(kind, "kind"), List.of());
  }

  /** The channels, in the order they were added. */
  public List<Channel> channels() {
    return channels;
  }

  /** Whether the catalog has {@code channel}. */
  public boolean hasChannel(Channel channel) {
    return channels.contains(Checks.notNull(channel, "channel"));
  }

  /** The media, in the order they were added. */
  public List<Medium> media() {
    return media;
  }

  /** Whether the catalog has {@code medium}. */
  public boolean hasMedium(Medium medium) {
    return media.contains(Checks.notNull(medium, "medium"));
  }

  @Override
  public String toString() {
    return "Catalog" + Map.of("options", options.size(), "channels", channels, "media", media);
  }

  /**
   * Builds a {@link Catalog}. Not thread-safe; {@link #build()} validates and copies, so later
   * changes to the builder never reach a built catalog.
   */
  public static final class Builder {
    private final LinkedHashMap<String, NotificationOption> options = new LinkedHashMap<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<Medium> media = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a channel. Option-wide settings already apply to it: a user who set an option for all
     * channels is told about the new channel's messages the same way.
     *
     * @throws IllegalArgumentException when the channel is already there
     */
    public Builder addChannel(Channel channel) {
      Checks.notNull(channel, "channel");
      Checks.argument(
          !channels.contains(channel),
          "channel %s is already in the catalog",
          Checks.quote(channel.id()));
      channels.add(channel);
      return this;
    }

    /**
     * Adds a medium; the host delivers it with a transport of its own.
     *
     * @throws IllegalArgumentException when the medium is already there
     */
    public Builder addMedium(Medium medium) {
      Checks.notNull(medium, "medium");
      Checks.argument(
          !media.contains(medium),
          "medium %s is already in the catalog",
          Checks.quote(medium.id()));
      media.add(medium);
      return this;
    }

    /**
     * Adds an option.
     *
     * @throws IllegalArgumentException when an option with the same id is already there
     */
    public Builder addOption(NotificationOption option) {
      Checks.notNull(option, "option");
      Checks.argument(
          !options.containsKey(option.id()),
          "option %s is already in the catalog",
          Checks.quote(option.id()));
      options.put(option.id(), option);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws NotifyException naming the option whose defaults name a medium the catalog lacks
     */
    public Catalog build() {
      for (NotificationOption o : options.values()) {
        for (Medium m : o.defaults().keySet()) {
          if (!media.contains(m)) {
            throw new NotifyException(
                "options." + o.id() + ".defaults",
                Checks.format("unknown medium %s", Checks.quote(m.id()))
                    + Checks.known(m.id(), media.stream().map(Medium::id).toList()));
          }
        }
      }
      return new Catalog(this);
    }
  }

  private static Catalog buildStandard() {
    Builder b = builder();
    for (Channel c :
        List.of(
            Channel.AMAZON_CONNECT,
            Channel.CHAT,
            Channel.EMAIL,
            Channel.FORMS,
            Channel.GMAIL,
            Channel.TWILIO)) {
      b.addChannel(c);
    }
    b.addMedium(Medium.IN_APP).addMedium(Medium.EMAIL);
    Frequency never = Frequency.NEVER;
    Frequency always = Frequency.ALWAYS;
    Frequency loggedOut = Frequency.WHEN_LOGGED_OUT;
    ActionKind msg = ActionKind.MESSAGE_RECEIVED;
    // Specificities order the labels: mentioned > team mentioned > note added, and
    // assigned > followed > new conversation > any message.
    b.addOption(
        option(
            "conversation.message.assigned",
            "A new message arrives in a conversation I'm assigned to",
            Tab.TIMELINE,
            true,
            SoundCategory.NEW_MESSAGE,
            Availability.EVERYONE,
            Audience.of(msg, Relation.ASSIGNEE),
            40,
            never,
            never));
    b.addOption(
        option(
            "customer.message.followed",
            "A customer I follow sends a message",
            Tab.TIMELINE,
            true,
            SoundCategory.NEW_MESSAGE,
            Availability.EVERYONE,
            Audience.of(msg, Relation.FOLLOWER),
            30,
            never,
            never));
    b.addOption(
        option(
            "customer.message.any",
            "A customer sends any message",
            Tab.TIMELINE,
            true,
            SoundCategory.NEW_MESSAGE,
            Availability.LEGACY,
            Audience.of(msg, Relation.EVERYONE),
            10,
            never,
            never));
    b.addOption(
        option(
            "conversation.created",
            "A customer starts a new conversation",
            Tab.TIMELINE,
            true,
            SoundCategory.NEW_MESSAGE,
            Availability.LEGACY,
            Audience.of(msg, Relation.EVERYONE).onlyNewConversations(),
            20,
            never,
            never));
    b.addOption(
        option(
            "conversation.assigned",
            "I'm assigned to a conversation",
            Tab.TIMELINE,
            false,
            SoundCategory.ASSIGNED,
            Availability.EVERYONE,
            Audience.of(ActionKind.CONVERSATION_ASSIGNED, Relation.ASSIGNEE),
            10,
            always,
            loggedOut));
    b.addOption(
        option(
            "conversation.transferred",
            "An assistant transfers a conversation to me",
            Tab.TIMELINE,
            false,
            null,
            Availability.EVERYONE,
            Audience.of(ActionKind.CONVERSATION_TRANSFERRED, Relation.ASSIGNEE),
            10,
            never,
            never));
    b.addOption(
        option(
            "conversation.snooze_expired",
            "A conversation snooze expires",
            Tab.TIMELINE,
            false,
            null,
            Availability.EVERYONE,
            Audience.of(ActionKind.SNOOZE_EXPIRED, Relation.ASSIGNEE),
            10,
            always,
            always));
    b.addOption(
        option(
            "note.added",
            "Someone adds a note to a customer I follow, or a conversation I'm assigned to",
            Tab.TIMELINE,
            false,
            null,
            Availability.EVERYONE,
            Audience.of(ActionKind.NOTE_ADDED, Relation.ASSIGNEE, Relation.FOLLOWER),
            10,
            always,
            loggedOut));
    b.addOption(
        option(
            "note.mentioned",
            "I'm mentioned in a note",
            Tab.TIMELINE,
            false,
            SoundCategory.MENTIONED,
            Availability.EVERYONE,
            Audience.of(ActionKind.NOTE_ADDED, Relation.MENTIONED),
            30,
            always,
            always));
    b.addOption(
        option(
            "note.team_mentioned",
            "A team I'm on is mentioned in a note",
            Tab.TIMELINE,
            false,
            SoundCategory.TEAM_MENTIONED,
            Availability.EVERYONE,
            Audience.of(ActionKind.NOTE_ADDED, Relation.TEAM_MENTIONED),
            20,
            always,
            loggedOut));
    b.addOption(
        option(
            "object.created",
            "An object is created on a customer I follow",
            Tab.TIMELINE,
            false,
            null,
            Availability.EVERYONE,
            Audience.of(ActionKind.OBJECT_CREATED, Relation.FOLLOWER),
            10,
            always,
            loggedOut));
    b.addOption(
        option(
            "object.updated",
            "An object is updated on a customer I follow",
            Tab.TIMELINE,
            false,
            null,
            Availability.EVERYONE,
            Audience.of(ActionKind.OBJECT_UPDATED, Relation.FOLLOWER),
            10,
            always,
            loggedOut));
    b.addOption(
        option(
            "app.updated",
            "An app is updated",
            Tab.SYSTEM_EVENTS,
            false,
            null,
            Availability.EVERYONE,
            Audience.of(ActionKind.APP_UPDATED, Relation.EVERYONE),
            10,
            always,
            never));
    return b.build();
  }

  private static NotificationOption option(
      String id,
      String label,
      Tab tab,
      boolean perChannel,
      @Nullable SoundCategory sound,
      Availability availability,
      Audience audience,
      int specificity,
      Frequency inApp,
      Frequency email) {
    return new NotificationOption(
        id,
        label,
        tab,
        perChannel,
        sound,
        availability,
        audience,
        specificity,
        Map.of(Medium.IN_APP, inApp, Medium.EMAIL, email));
  }
}
