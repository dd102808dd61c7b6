package dev.notify.jdbc;

import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.CustomAction;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectCreated;
import dev.notify.action.ObjectUpdated;
import dev.notify.action.SnoozeExpired;
import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.SoundCategory;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.pipeline.Snoozes;
import dev.notify.pipeline.Webhooks;
import dev.notify.settings.Layer;
import dev.notify.settings.Lock;
import dev.notify.settings.OrganizationSettings;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import dev.notify.spi.Delivery;
import dev.notify.spi.UserAccount;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.UserTiming;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The text form of what the stores keep: a delivery (for the outbox) and a user's settings. Every
 * value is written as {@code <length>:<text>} ({@code -} for none), so any string, with any
 * separator or character in it, reads back exactly. Actions are the record types of notify-core,
 * named by a fixed tag — a stored row never names a class to load.
 */
final class Codec {
  private static final Map<String, Class<? extends Action>> ACTIONS =
      Map.of(
          "message", MessageReceived.class,
          "assigned", ConversationAssigned.class,
          "transferred", ConversationTransferred.class,
          "snooze", SnoozeExpired.class,
          "note", NoteAdded.class,
          "created", ObjectCreated.class,
          "updated", ObjectUpdated.class,
          "app", AppUpdated.class,
          "custom", CustomAction.class);

  /**
   * An action record's tag, components and canonical constructor, looked up once: reflection per
   * payload (components, constructor search) cost more than reading the payload.
   */
  private record Shape(
      String tag, Class<?>[] types, Method[] accessors, Constructor<? extends Action> constructor) {
    static Shape of(String tag, Class<? extends Action> type) {
      RecordComponent[] components = type.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      Method[] accessors = new Method[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        accessors[i] = components[i].getAccessor();
      }
      try {
        return new Shape(tag, types, accessors, type.getDeclaredConstructor(types));
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("a record without its canonical constructor: " + type, e);
      }
    }
  }

  private static final Map<String, Shape> BY_TAG = new HashMap<>();
  private static final Map<Class<?>, Shape> BY_CLASS = new HashMap<>();

  static {
    ACTIONS.forEach(
        (tag, type) -> {
          Shape shape = Shape.of(tag, type);
          BY_TAG.put(tag, shape);
          BY_CLASS.put(type, shape);
        });
  }

  private Codec() {}

  // ---- writing

  private static final class Writer {
    final StringBuilder b = new StringBuilder(256);

    Writer put(@Nullable String s) {
      if (s == null) {
        b.append('-');
      } else {
        b.append(s.length()).append(':').append(s);
      }
      return this;
    }

    Writer put(boolean v) {
      return put(v ? "1" : "0");
    }

    Writer put(int v) {
      return put(Integer.toString(v));
    }

    Writer put(@Nullable Instant t) {
      return put(t == null ? null : t.getEpochSecond() + "." + t.getNano());
    }
  }

  private static final class Reader {
    final String s;
    int at;

    Reader(String s) {
      this.s = s;
    }

    @Nullable String get() {
      if (at >= s.length()) {
        throw new IllegalArgumentException("the stored text ends early at " + at);
      }
      if (s.charAt(at) == '-') {
        at++;
        return null;
      }
      int colon = s.indexOf(':', at);
      if (colon < 0) {
        throw new IllegalArgumentException("no length at " + at);
      }
      int n = Integer.parseInt(s, at, colon, 10);
      String v = s.substring(colon + 1, colon + 1 + n);
      at = colon + 1 + n;
      return v;
    }

    String required() {
      String v = get();
      if (v == null) {
        throw new IllegalArgumentException("a value is missing at " + at);
      }
      return v;
    }

    boolean bool() {
      return required().equals("1");
    }

    int integer() {
      return Integer.parseInt(required());
    }

    @Nullable Instant instant() {
      String v = get();
      if (v == null) {
        return null;
      }
      int dot = v.indexOf('.');
      return Instant.ofEpochSecond(
          Long.parseLong(v.substring(0, dot)), Integer.parseInt(v.substring(dot + 1)));
    }

    /** Whether a value follows: a field added later is absent from what older versions wrote. */
    boolean more() {
      return at < s.length();
    }

    void end() {
      if (at != s.length()) {
        throw new IllegalArgumentException("unexpected text after " + at);
      }
    }
  }

  // ---- deliveries

  /**
   * The text of a delivery.
   *
   * @throws IllegalArgumentException for an action that is not one of notify-core's records
   */
  static String encode(Delivery d) {
    return encode(d, null);
  }

  /**
   * {@link #encode(Delivery)}, the action's part taken from {@code actions} when a delivery of the
   * same action was encoded before (a fan-out's deliveries share their action; the format is a
   * concatenation of fields, so the part can be reused as it is).
   */
  static String encode(Delivery d, @Nullable Map<Action, String> actions) {
    Writer w = new Writer();
    if (actions == null) {
      writeAction(w, d.action());
    } else {
      w.b.append(
          actions.computeIfAbsent(
              d.action(),
              a -> {
                Writer part = new Writer();
                writeAction(part, a);
                return part.b.toString();
              }));
    }
    UserAccount u = d.recipient();
    w.put(u.id()).put(u.createdOn() == null ? null : u.createdOn().toString()).put(u.email());
    w.put(d.medium().id()).put(d.option().id()).put(d.popup()).put(d.sound());
    Reason r = d.reason();
    w.put(r.outcome().name());
    w.put(r.option() == null ? null : r.option().id());
    w.put(r.frequency() == null ? null : r.frequency().name());
    w.put(r.layer() == null ? null : r.layer().name());
    w.put(r.channel() == null ? null : r.channel().id());
    w.put(r.tableVersion());
    if (r.organization() != null) {
      w.put(r.organization()); // since 0.3.0; absent before, read as none
    }
    return w.b.toString();
  }

  /**
   * The delivery of a text written by {@link #encode(Delivery)}, its ids resolved in {@code
   * catalog}.
   */
  static Delivery decodeDelivery(String text, Catalog catalog) {
    return new Decoder(catalog).decode(text);
  }

  /**
   * Decodes the payloads of one read (a worker's claim), each run of payloads that start with the
   * same action's text rebuilding that action once: a fan-out's deliveries share their action, and
   * rebuilding it (a record through its validating constructor) was the largest part of decoding.
   * The format is self-delimiting, so a payload whose first characters equal the previous payload's
   * action text reads to the same action and ends it at the same place. One thread.
   */
  static final class Decoder {
    private final Catalog catalog;
    private final Map<String, UserAccount> accounts = new HashMap<>();
    private @Nullable String last;
    private int lastActionEnd;
    private @Nullable Action lastAction;

    Decoder(Catalog catalog) {
      this.catalog = catalog;
    }

    /** The delivery of {@code text}; a RuntimeException when it cannot be read. */
    Delivery decode(String text) {
      Reader r = new Reader(text);
      Action action;
      if (lastAction != null && text.regionMatches(0, last, 0, lastActionEnd)) {
        action = lastAction;
        r.at = lastActionEnd;
      } else {
        action = readAction(r);
        last = text;
        lastActionEnd = r.at;
        lastAction = action;
      }
      String userId = r.required();
      String created = r.get();
      String email = r.get();
      UserAccount account = account(userId, created, email);
      Medium medium = medium(catalog, r.required());
      NotificationOption option = catalog.requireOption(r.required());
      boolean popup = r.bool();
      String sound = r.get();
      Outcome outcome = Outcome.valueOf(r.required());
      String reasonOption = r.get();
      String frequency = r.get();
      String layer = r.get();
      String channel = r.get();
      String version = r.get();
      String organization = r.more() ? r.get() : null;
      r.end();
      Reason reason =
          new Reason(
              outcome,
              reasonOption == null ? null : catalog.requireOption(reasonOption),
              frequency == null ? null : Frequency.parse(frequency),
              layer == null ? null : Layer.valueOf(layer),
              channel == null ? null : Channel.of(channel),
              version,
              organization);
      return new Delivery(action, account, medium, option, popup, sound, reason);
    }

    /** The account of these fields: a user's entries in one claim share theirs, validated once. */
    private UserAccount account(String userId, @Nullable String created, @Nullable String email) {
      UserAccount known = accounts.get(userId);
      if (known != null
          && Objects.equals(known.email(), email)
          && Objects.equals(
              known.createdOn() == null ? null : known.createdOn().toString(), created)) {
        return known;
      }
      UserAccount account = new UserAccount(userId, created == null ? null : date(created), email);
      accounts.put(userId, account);
      return account;
    }
  }

  /**
   * A date as {@link LocalDate#toString} wrote it: {@code yyyy-mm-dd} read digit by digit (the
   * formatter behind {@link LocalDate#parse} cost a fifth of decoding a delivery), any other form
   * through the formatter.
   */
  static LocalDate date(String s) {
    if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      int y = digits(s, 0, 4);
      int m = digits(s, 5, 7);
      int d = digits(s, 8, 10);
      if (y >= 0 && m >= 0 && d >= 0) {
        return LocalDate.of(y, m, d);
      }
    }
    return LocalDate.parse(s);
  }

  /** The number of the ASCII digits {@code s[from, to)}, or -1 when one is no digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static Medium medium(Catalog catalog, String id) {
    for (Medium m : catalog.media()) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    if (id.startsWith(Webhooks.MEDIUM_PREFIX)) {
      return Medium.of(id); // a webhook's event about a delivery of the catalog's medium
    }
    if (id.equals(Snoozes.MEDIUM_ID)) {
      return Snoozes.MEDIUM; // the end of an inbox item's snooze
    }
    throw new IllegalArgumentException("unknown medium \"" + id + "\" (the catalog changed?)");
  }

  private static void writeAction(Writer w, Action a) {
    Shape shape = BY_CLASS.get(a.getClass());
    if (shape == null) {
      throw new IllegalArgumentException(
          "notify-jdbc stores notify-core's action records and CustomAction, not "
              + a.getClass().getName());
    }
    w.put(shape.tag());
    try {
      for (int i = 0; i < shape.types().length; i++) {
        writeValue(w, shape.types()[i], shape.accessors()[i].invoke(a));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + a.getClass().getSimpleName(), e);
    }
  }

  private static void writeValue(Writer w, Class<?> type, @Nullable Object v) {
    if (type == String.class) {
      w.put((String) v);
    } else if (type == Instant.class) {
      w.put((Instant) v);
    } else if (type == boolean.class) {
      w.put((boolean) Objects.requireNonNull(v)); // a primitive component: never null
    } else if (type == Channel.class) {
      w.put(v == null ? null : ((Channel) v).id());
    } else if (type == ActionKind.class) {
      w.put(((ActionKind) Objects.requireNonNull(v)).id()); // validated by the record
    } else if (type == Set.class) {
      @SuppressWarnings("unchecked")
      Set<String> set = (Set<String>) Objects.requireNonNull(v); // validated by the record
      w.put(set.size());
      set.forEach(w::put);
    } else {
      throw new IllegalStateException("no text form for a field of type " + type.getName());
    }
  }

  private static Action readAction(Reader r) {
    String tag = r.required();
    Shape shape = BY_TAG.get(tag);
    if (shape == null) {
      throw new IllegalArgumentException("unknown action tag \"" + tag + "\"");
    }
    Class<?>[] types = shape.types();
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      values[i] = readValue(r, types[i]);
    }
    try {
      return shape.constructor().newInstance(values);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "a stored action is invalid: " + (e.getCause() == null ? e : e.getCause()).getMessage(),
          e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rebuild " + shape.tag(), e);
    }
  }

  private static @Nullable Object readValue(Reader r, Class<?> type) {
    if (type == String.class) {
      return r.get();
    } else if (type == Instant.class) {
      return r.instant();
    } else if (type == boolean.class) {
      return r.bool();
    } else if (type == Channel.class) {
      String id = r.get();
      return id == null ? null : Channel.of(id);
    } else if (type == ActionKind.class) {
      return ActionKind.of(r.required());
    } else if (type == Set.class) {
      int n = r.integer();
      Set<String> set = new LinkedHashSet<>();
      for (int i = 0; i < n; i++) {
        set.add(r.required());
      }
      return set;
    }
    throw new IllegalStateException("no text form for a field of type " + type.getName());
  }

  // ---- settings

  /** The text of a user's settings. */
  static String encode(UserSettings s) {
    Writer w = new Writer();
    w.put(s.settings().size());
    for (Setting x : s.settings()) {
      w.put(x.option()).put(x.channel() == null ? null : x.channel().id());
      w.put(x.medium().id()).put(x.frequency().name());
    }
    w.put(s.tones().size());
    for (Tone t : s.tones()) {
      w.put(t.category().id()).put(t.channel() == null ? null : t.channel().id()).put(t.tone());
    }
    return w.b.toString();
  }

  /**
   * The settings of a text written by {@link #encode(UserSettings)}, validated against {@code
   * catalog}.
   *
   * @throws NotifyException when a stored value no longer fits the catalog
   */
  static UserSettings decodeSettings(String text, Catalog catalog) {
    Reader r = new Reader(text);
    int n = r.integer();
    List<Setting> settings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String option = r.required();
      String channel = r.get();
      Medium medium = Medium.of(r.required());
      Frequency f = Frequency.parse(r.required());
      settings.add(new Setting(option, channel == null ? null : Channel.of(channel), medium, f));
    }
    int t = r.integer();
    List<Tone> tones = new ArrayList<>(t);
    for (int i = 0; i < t; i++) {
      SoundCategory category = SoundCategory.fromId(r.required());
      String channel = r.get();
      tones.add(new Tone(category, channel == null ? null : Channel.of(channel), r.required()));
    }
    r.end();
    return UserSettings.restore(catalog, settings, tones);
  }

  // ---- organisations

  /** An organisation's settings as text: name, table version, its defaults, its locks. */
  static String encode(OrganizationSettings o) {
    Writer w = new Writer();
    w.put(o.name()).put(o.tableVersion());
    w.put(o.defaults().size());
    for (Setting d : o.defaults()) {
      w.put(d.option()).put(d.medium().id()).put(d.frequency().name());
    }
    w.put(o.locks().size());
    for (Lock l : o.locks()) {
      w.put(l.option()).put(l.medium().id()).put(l.channel() == null ? null : l.channel().id());
      w.put(l.frequency().name());
    }
    // Added in schema 6: absent from what 0.3.0's first organisation rows hold.
    if (o.timing() != null) {
      writeTiming(w, o.timing());
    }
    return w.b.toString();
  }

  /** The settings of a text written by {@link #encode(OrganizationSettings)}. */
  static OrganizationSettings decodeOrganization(String text) {
    Reader r = new Reader(text);
    String name = r.required();
    String version = r.required();
    int n = r.integer();
    List<Setting> defaults = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String option = r.required();
      Medium medium = Medium.of(r.required());
      defaults.add(Setting.of(option, medium, Frequency.parse(r.required())));
    }
    int k = r.integer();
    List<Lock> locks = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      String option = r.required();
      Medium medium = Medium.of(r.required());
      String channel = r.get();
      Frequency f = Frequency.parse(r.required());
      locks.add(new Lock(option, medium, channel == null ? null : Channel.of(channel), f));
    }
    UserTiming timing = r.more() ? readTiming(r) : null;
    r.end();
    return new OrganizationSettings(name, version, defaults, locks, timing);
  }

  // ---- timings

  /** A user's timing as text: quiet hours, unread delay, digest, throttle. */
  static String encode(UserTiming t) {
    Writer w = new Writer();
    writeTiming(w, t);
    return w.b.toString();
  }

  /**
   * The timing of a text written by {@link #encode(UserTiming)}, validated again as it is made.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  static UserTiming decodeTiming(String text) {
    Reader r = new Reader(text);
    UserTiming t = readTiming(r);
    r.end();
    return t;
  }

  private static void writeTiming(Writer w, UserTiming t) {
    QuietHours q = t.quietHours();
    w.put(q.zone().getId()).put(q.windows().size());
    for (QuietWindow x : q.windows()) {
      StringBuilder days = new StringBuilder();
      for (DayOfWeek d : new TreeSet<>(x.days())) {
        days.append(days.length() == 0 ? "" : ",").append(d.name());
      }
      w.put(days.toString()).put(x.from().toString()).put(x.to().toString());
    }
    w.put(Long.toString(t.unreadDelay().getSeconds()));
    DigestPolicy d = t.digest();
    if (d == null) {
      w.put((String) null);
    } else {
      w.put(Long.toString(d.window().getSeconds())).put(d.max()).put(d.flushFirst());
    }
    Throttle th = t.throttle();
    if (th == null) {
      w.put((String) null);
    } else {
      w.put(th.max()).put(Long.toString(th.window().getSeconds()));
    }
  }

  private static UserTiming readTiming(Reader r) {
    ZoneId zone = ZoneId.of(r.required());
    int n = r.integer();
    List<QuietWindow> windows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (String d : r.required().split(",")) {
        days.add(DayOfWeek.valueOf(d));
      }
      windows.add(
          new QuietWindow(days, LocalTime.parse(r.required()), LocalTime.parse(r.required())));
    }
    Duration unread = Duration.ofSeconds(Long.parseLong(r.required()));
    String digestWindow = r.get();
    DigestPolicy digest =
        digestWindow == null
            ? null
            : new DigestPolicy(
                Duration.ofSeconds(Long.parseLong(digestWindow)), r.integer(), r.bool());
    String throttleMax = r.get();
    Throttle throttle =
        throttleMax == null
            ? null
            : new Throttle(
                Integer.parseInt(throttleMax), Duration.ofSeconds(Long.parseLong(r.required())));
    return new UserTiming(QuietHours.of(zone, windows), unread, digest, throttle);
  }
}
