package dev.notify.testkit.laws;

import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.engine.AudienceFacts;
import dev.notify.engine.Decision;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.engine.Recipient;
import dev.notify.settings.Layer;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import dev.notify.testkit.gen.NotifyGen;
import dev.notify.testkit.gen.NotifyGen.Scenario;
import dev.notify.testkit.gen.NotifyGen.User;
import dev.notify.testkit.laws.ReferenceModel.Expected;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * The decision engine's invariants of notify's design, as properties a host runs against its own
 * catalog and default table: the standard rules must still hold once it added channels, media and
 * options of its own.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> engineLaws() {
 *   return EngineLaws.of(DecisionEngine.create(myCatalog, myDefaults)).tests();
 * }
 * }</pre>
 *
 * <p>Each law is a {@link Property} over {@link NotifyGen#scenarios scenarios} of the engine's
 * catalog (organisations of up to six users with random settings, tenures and presences, and an
 * action of any kind the catalog knows). A failing law reports a shrunk scenario — usually one or
 * two users with a setting or two — and the seed that replays it. Immutable; a run is
 * single-threaded.
 *
 * @since 0.2.0
 */
public final class EngineLaws {
  private final DecisionEngine engine;
  private final Catalog catalog;
  private final ReferenceModel model;
  private final Gen<Scenario> scenarios;
  private final int tries;
  private final @Nullable Long seed;

  private EngineLaws(
      DecisionEngine engine, Gen<Scenario> scenarios, int tries, @Nullable Long seed) {
    this.engine = engine;
    this.catalog = engine.catalog();
    this.model = new ReferenceModel(engine.catalog(), engine.defaults(), engine.locks());
    this.scenarios = scenarios;
    this.tries = tries;
    this.seed = seed;
  }

  /**
   * The laws of {@code engine}, over scenarios of its catalog, {@value Property#DEFAULT_TRIES}
   * tries each.
   */
  public static EngineLaws of(DecisionEngine engine) {
    Objects.requireNonNull(engine, "engine cannot be null");
    return new EngineLaws(
        engine, NotifyGen.scenarios(engine.catalog()), Property.DEFAULT_TRIES, null);
  }

  /** These laws over other scenarios (they must be of the engine's catalog). */
  public EngineLaws scenarios(Gen<Scenario> scenarios) {
    return new EngineLaws(
        engine, Objects.requireNonNull(scenarios, "scenarios cannot be null"), tries, seed);
  }

  /** These laws with {@code tries} tries each. */
  public EngineLaws tries(int tries) {
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, got " + tries);
    }
    return new EngineLaws(engine, scenarios, tries, seed);
  }

  /** These laws with a fixed seed. */
  public EngineLaws seed(long seed) {
    return new EngineLaws(engine, scenarios, tries, seed);
  }

  /** Every law, by name. */
  public Map<String, Consumer<Scenario>> laws() {
    Map<String, Consumer<Scenario>> laws = new LinkedHashMap<>();
    laws.put("the engine agrees with the reference model", this::agreesWithTheReferenceModel);
    laws.put("NEVER never delivers", this::neverNeverDelivers);
    laws.put("ALWAYS always delivers to a qualifying non-actor", this::alwaysDelivers);
    laws.put("WHEN_LOGGED_OUT delivers exactly when not logged in", this::whenLoggedOut);
    laws.put("the actor is never notified", this::actorIsNeverNotified);
    laws.put("at most one delivery per action, user and medium", this::atMostOneDelivery);
    laws.put("raising a setting never removes a delivery", this::raisingNeverRemoves);
    laws.put("a channel setting changes nothing on other channels", this::channelIsolation);
    laws.put("the result does not depend on order", this::orderIndependence);
    laws.put("an unavailable legacy option never delivers", this::legacyNeverDelivers);
    laws.put(
        "pop-up and sound only with an in-app delivery to a logged-in user", this::popupAndSound);
    laws.put("every decision explains itself consistently", this::explainsItself);
    laws.put("deciding is deterministic", this::deterministic);
    return laws;
  }

  /** Every law as a dynamic test, for a {@code @TestFactory}. */
  public Stream<DynamicTest> tests() {
    return laws().entrySet().stream().map(e -> property(e.getKey()).test(e.getValue()));
  }

  /**
   * Checks every law in turn.
   *
   * @throws AssertionError ({@link dev.notify.testkit.property.PropertyFailure}) on the first law
   *     that does not hold
   */
  public void checkAll() {
    laws().forEach((name, law) -> property(name).check(law));
  }

  /** One law, by its name in {@link #laws()}. */
  public void check(String law) {
    Consumer<Scenario> c = laws().get(law);
    if (c == null) {
      throw new IllegalArgumentException("no law named \"" + law + "\"; known: " + laws().keySet());
    }
    property(law).check(c);
  }

  private Property<Scenario> property(String name) {
    Property<Scenario> p = Property.forAll(scenarios).named(name).tries(tries);
    return seed == null ? p : p.seed(seed);
  }

  private List<Decision> decideAll(Scenario c) {
    return engine.decideAll(
        c.action(),
        ReferenceModel.facts(c.action(), c.world()),
        ReferenceModel.recipients(c.world()));
  }

  private Decision decideWith(Scenario c, User u, UserSettings settings, Presence presence) {
    return engine.decide(
        c.action(),
        ReferenceModel.facts(c.action(), c.world()),
        new Recipient(u.id(), u.tenure(), settings, presence));
  }

  private static User user(Scenario c, Decision d) {
    return Objects.requireNonNull(c.world().users().get(d.userId()), d.userId());
  }

  private void agreesWithTheReferenceModel(Scenario c) {
    for (Decision d : decideAll(c)) {
      User u = user(c, d);
      for (MediumDecision md : d.media()) {
        Optional<Expected> expected = model.expected(c.action(), c.world(), u, md.medium());
        Optional<Expected> actual =
            md.delivered()
                ? Optional.of(
                    new Expected(
                        Objects.requireNonNull(md.reason().option()).id(),
                        md.popup(),
                        md.sound(),
                        Objects.requireNonNull(md.reason().frequency()).isConditional()))
                : Optional.empty();
        Assertions.assertEquals(expected, actual, () -> d.userId() + " " + md.medium().id());
      }
    }
  }

  private void neverNeverDelivers(Scenario c) {
    for (Decision d : decideAll(c)) {
      for (MediumDecision md : d.deliveries()) {
        Assertions.assertNotEquals(Frequency.NEVER, md.reason().frequency(), d::explain);
      }
      // A user whose every qualifying option resolves to NEVER is never told over that medium.
      User u = user(c, d);
      for (Medium m : catalog.media()) {
        boolean allNever =
            model.qualifying(c.action(), c.world(), u).stream()
                .allMatch(o -> model.resolve(o, c.action(), u, m) == Frequency.NEVER);
        if (allNever) {
          Assertions.assertFalse(d.delivers(m), d::explain);
        }
      }
    }
  }

  private void alwaysDelivers(Scenario c) {
    for (Decision d : decideAll(c)) {
      User u = user(c, d);
      for (Medium m : catalog.media()) {
        boolean anyAlways =
            model.qualifying(c.action(), c.world(), u).stream()
                .filter(o -> o.availability().isAvailableTo(u.tenure()))
                .anyMatch(o -> model.resolve(o, c.action(), u, m) == Frequency.ALWAYS);
        if (anyAlways) {
          Assertions.assertTrue(d.delivers(m), d::explain);
        }
      }
    }
  }

  private void whenLoggedOut(Scenario c) {
    for (User u : c.world().users().values()) {
      for (Medium m : catalog.media()) {
        List<Frequency> resolved =
            model.qualifying(c.action(), c.world(), u).stream()
                .filter(o -> o.availability().isAvailableTo(u.tenure()))
                .map(o -> model.resolve(o, c.action(), u, m))
                .toList();
        if (!resolved.isEmpty()
            && resolved.stream().allMatch(f -> f == Frequency.WHEN_LOGGED_OUT)) {
          for (Presence p : Presence.values()) {
            Decision d = decideWith(c, u, u.settings(), p);
            Assertions.assertEquals(p != Presence.LOGGED_IN, d.delivers(m), d::explain);
          }
        }
      }
    }
  }

  private void actorIsNeverNotified(Scenario c) {
    String actor = c.action().actorIfAny().orElse(null);
    for (Decision d : decideAll(c)) {
      if (d.userId().equals(actor)) {
        Assertions.assertFalse(d.deliversAny(), d::explain);
        for (MediumDecision md : d.media()) {
          Assertions.assertEquals(Outcome.ACTOR, md.reason().outcome(), d::explain);
        }
      }
    }
  }

  private void atMostOneDelivery(Scenario c) {
    Set<String> keys = new HashSet<>();
    for (Decision d : decideAll(c)) {
      List<Medium> media = d.media().stream().map(MediumDecision::medium).toList();
      Assertions.assertEquals(catalog.media(), media, "one decision per medium of the catalog");
      for (MediumDecision md : d.deliveries()) {
        Assertions.assertTrue(
            keys.add(d.actionId() + "\u0000" + d.userId() + "\u0000" + md.medium().id()),
            d::explain);
      }
    }
  }

  private void raisingNeverRemoves(Scenario c) {
    for (User u : c.world().users().values()) {
      for (Setting s : u.settings().settings()) {
        // Lower this value to NEVER and raise it to ALWAYS: what the low one delivers, the high one
        // must.
        Decision low = decideWith(c, u, with(u, s, Frequency.NEVER), u.presence());
        Decision mid = decideWith(c, u, u.settings(), u.presence());
        Decision high = decideWith(c, u, with(u, s, Frequency.ALWAYS), u.presence());
        for (MediumDecision md : low.deliveries()) {
          Assertions.assertTrue(mid.delivers(md.medium()), mid::explain);
        }
        for (MediumDecision md : mid.deliveries()) {
          Assertions.assertTrue(high.delivers(md.medium()), high::explain);
        }
      }
    }
  }

  private UserSettings with(User u, Setting s, Frequency f) {
    return u.settings()
        .edit(catalog, u.tenure())
        .set(new Setting(s.option(), s.channel(), s.medium(), f))
        .build();
  }

  private void channelIsolation(Scenario c) {
    Optional<Channel> channel = c.action().channelIfAny();
    if (channel.isEmpty()) {
      return;
    }
    for (User u : c.world().users().values()) {
      for (Frequency f : Frequency.values()) {
        Decision before = decideWith(c, u, u.settings(), u.presence());
        UserSettings.Editor edit = u.settings().edit(catalog, u.tenure());
        for (NotificationOption o : catalog.options()) {
          if (o.perChannel() && o.availability().isAvailableTo(u.tenure())) {
            for (Channel other : catalog.channels()) {
              if (!other.equals(channel.get())) {
                for (Medium m : catalog.media()) {
                  if (!(f.isConditional() && m.isInApp())) {
                    edit.set(Setting.of(o.id(), other, m, f));
                  }
                }
              }
            }
          }
        }
        Decision after = decideWith(c, u, edit.build(), u.presence());
        Assertions.assertEquals(shown(before), shown(after), after::explain);
      }
    }
  }

  private static List<String> shown(Decision d) {
    return d.media().stream()
        .map(md -> md.delivered() + "/" + md.label() + "/" + md.popup() + "/" + md.sound())
        .toList();
  }

  private void orderIndependence(Scenario c) {
    List<Decision> expected = decideAll(c);
    Random random = new Random(c.hashCode());
    List<Recipient> shuffled = new ArrayList<>();
    for (User u : c.world().users().values()) {
      List<Setting> values = new ArrayList<>(u.settings().settings());
      Collections.shuffle(values, random);
      List<Tone> tones = new ArrayList<>(u.settings().tones());
      Collections.shuffle(tones, random);
      shuffled.add(
          new Recipient(
              u.id(),
              u.tenure(),
              UserSettings.of(catalog, u.tenure(), values, tones),
              u.presence()));
    }
    Collections.shuffle(shuffled, random);
    List<String> followers = new ArrayList<>(c.world().followers());
    Collections.shuffle(followers, random);
    List<String> members = new ArrayList<>(c.world().membersOf(c.action().mentionedTeams()));
    Collections.shuffle(members, random);
    AudienceFacts facts =
        new AudienceFacts(
            c.action().customerIfAny().isPresent() ? new HashSet<>(followers) : Set.of(),
            new HashSet<>(members));
    Assertions.assertEquals(expected, engine.decideAll(c.action(), facts, shuffled));
  }

  private void legacyNeverDelivers(Scenario c) {
    for (Decision d : decideAll(c)) {
      User u = user(c, d);
      for (MediumDecision md : d.deliveries()) {
        Assertions.assertTrue(
            Objects.requireNonNull(md.reason().option()).availability().isAvailableTo(u.tenure()),
            d::explain);
      }
    }
  }

  private void popupAndSound(Scenario c) {
    for (Decision d : decideAll(c)) {
      for (MediumDecision md : d.media()) {
        boolean shown =
            md.delivered() && md.medium().isInApp() && d.presence() == Presence.LOGGED_IN;
        Assertions.assertEquals(shown, md.popup(), d::explain);
        if (md.sound() != null) {
          Assertions.assertTrue(shown, d::explain);
        }
      }
    }
  }

  private void explainsItself(Scenario c) {
    for (Decision d : decideAll(c)) {
      User u = user(c, d);
      for (MediumDecision md : d.media()) {
        Reason r = md.reason();
        Assertions.assertFalse(r.explain().isBlank(), "an explanation");
        // An option the user may not have is explained as unavailable, and only such an option.
        if (r.option() != null) {
          boolean available = r.option().availability().isAvailableTo(u.tenure());
          Assertions.assertEquals(!available, r.outcome() == Outcome.UNAVAILABLE, d::explain);
        }
        NotificationOption option = r.option();
        if (r.frequency() != null && option != null) {
          // The reason's frequency is what resolution gives for its option, from the layer it
          // names.
          Assertions.assertEquals(
              model.resolve(option, c.action(), u, md.medium()), r.frequency(), d::explain);
          Optional<Frequency> channelValue =
              c.action()
                  .channelIfAny()
                  .flatMap(ch -> u.settings().chosen(option.id(), ch, md.medium()));
          Optional<Frequency> optionValue = u.settings().chosen(option.id(), null, md.medium());
          Layer layer =
              model.lock(option, c.action().channelIfAny(), md.medium()).isPresent()
                  ? Layer.ORGANIZATION_LOCK
                  : option.perChannel() && channelValue.isPresent()
                      ? Layer.CHANNEL_SETTING
                      : optionValue.isPresent() ? Layer.OPTION_SETTING : Layer.DEFAULT_TABLE;
          Assertions.assertEquals(layer, r.layer(), d::explain);
        }
      }
    }
  }

  private void deterministic(Scenario c) {
    Assertions.assertEquals(decideAll(c), decideAll(c));
  }

  /** The engine's reference model, for host properties of their own. */
  public ReferenceModel model() {
    return model;
  }

  /** A scenario's decisions, as the laws compute them. */
  public List<Decision> decide(Scenario scenario) {
    return decideAll(Objects.requireNonNull(scenario, "scenario cannot be null"));
  }

  /** An action's audience facts in a scenario's world. */
  public static AudienceFacts facts(Action action, NotifyGen.World world) {
    return ReferenceModel.facts(action, world);
  }
}
