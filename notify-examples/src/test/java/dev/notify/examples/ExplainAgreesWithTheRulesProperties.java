package dev.notify.examples;

import static java.time.temporal.ChronoUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.examples.scenario.ScenarioReader;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.testkit.gen.NotifyGen;
import dev.notify.testkit.gen.NotifyGen.User;
import dev.notify.testkit.gen.NotifyGen.World;
import dev.notify.testkit.laws.ReferenceModel;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary organisations and actions, written as scenario documents and run through the scenario
 * reader, the real Notifier and the JSON writer of {@code explain}, give exactly the deliveries the
 * independent reference model of the rules gives.
 */
class ExplainAgreesWithTheRulesProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ReferenceModel model = new ReferenceModel();

  record Case(LocalDate org, World world, List<Action> actions) {}

  static Gen<Case> cases() {
    Gen<LocalDate> org = Gen.of(LocalDate.of(2019, 3, 1), LocalDate.of(2021, 1, 13)).orNull();
    return org.flatMap(
        o ->
            NotifyGen.worlds(Catalog.standard())
                .map(w -> NotifyGen.withOrganization(w, Catalog.standard(), o))
                .flatMap(
                    w ->
                        NotifyGen.actions(Catalog.standard(), w)
                            .list(1, 4)
                            .map(as -> new Case(o, w, as))));
  }

  @Test
  void explainGivesTheDeliveriesOfTheRules() {
    Property.forAll(cases())
        .named("explain gives the deliveries of the rules")
        .tries(300)
        .check(
            c -> {
              try {
                check(c);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
  }

  private void check(Case c) throws Exception {
    String scenario = write(c);
    ExplainCommand.Run run = ExplainCommand.run(new ScenarioReader().read(scenario));
    Set<JsonNode> actual = new HashSet<>();
    JSON.readTree(ExplainCommand.toJson(run)).get("deliveries").forEach(actual::add);

    Set<JsonNode> expected = new HashSet<>();
    boolean timed = timed(c);
    for (int i = 0; i < c.actions().size(); i++) {
      Action a = c.actions().get(i);
      for (User u : c.world().users().values()) {
        boolean inApp = model.expected(a, c.world(), u, Medium.IN_APP).isPresent();
        for (Medium m : Catalog.standard().media()) {
          int index = i;
          model
              .expected(a, c.world(), u, m)
              .ifPresent(
                  e -> {
                    ObjectNode n = JSON.createObjectNode();
                    n.put("action", "x" + index);
                    n.put("user", u.id());
                    n.put("medium", m.id());
                    n.put("event", e.label());
                    if (m.isInApp()) {
                      n.put("popup", e.popup());
                    }
                    if (e.sound() != null) {
                      n.put("sound", e.sound());
                    }
                    if (timed) {
                      // Rule 8 with the default delay and nobody reading: a conditional email
                      // of a user who got the in-app notification waits 10 minutes.
                      Instant due = at(index).plus(e.conditional() && inApp ? 10 : 0, MINUTES);
                      n.put("due", due.toString());
                    }
                    expected.add(n);
                  });
        }
      }
    }
    assertThat(actual).as(scenario).isEqualTo(expected);
  }

  /** Whether the case needs instants: IF_UNREAD is only for scenarios with them. */
  static boolean timed(Case c) {
    return c.world().users().values().stream()
        .flatMap(u -> u.settings().settings().stream())
        .anyMatch(s -> s.frequency().isConditional());
  }

  /** The instant of action {@code i} in a timed case. */
  static Instant at(int i) {
    return Instant.parse("2026-05-04T09:00:00Z").plus(i, MINUTES);
  }

  /** The scenario document of a case; action i gets id {@code x<i>}. */
  static String write(Case c) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode org = root.putObject("org");
    if (c.org() != null) {
      org.put("createdAt", c.org().toString());
    }
    ObjectNode teams = root.putObject("teams");
    c.world().teams().forEach((t, members) -> members.forEach(teams.withArray(t)::add));
    c.world().teams().keySet().forEach(teams::withArray);
    ArrayNode followers = root.putObject("customers").putObject("c1").putArray("followers");
    c.world().followers().forEach(followers::add);
    ObjectNode users = root.putObject("users");
    for (User u : c.world().users().values()) {
      ObjectNode n = users.putObject(u.id());
      if (u.tenure().userCreatedOn() != null) {
        n.put("createdAt", u.tenure().userCreatedOn().toString());
      }
      n.put("presence", u.presence().name());
      ArrayNode settings = n.putArray("settings");
      for (Setting s : u.settings().settings()) {
        ObjectNode sn = settings.addObject().put("event", s.option());
        if (s.channel() != null) {
          sn.put("channel", s.channel().id());
        }
        sn.put("medium", s.medium().id()).put("frequency", s.frequency().name());
      }
      ArrayNode sounds = n.putArray("sounds");
      for (Tone t : u.settings().tones()) {
        ObjectNode tn = sounds.addObject().put("category", t.category().id());
        if (t.channel() != null) {
          tn.put("channel", t.channel().id());
        }
        tn.put("tone", t.tone());
      }
    }
    ArrayNode actions = root.putArray("actions");
    for (int i = 0; i < c.actions().size(); i++) {
      Action a = c.actions().get(i);
      ObjectNode n = actions.addObject().put("id", "x" + i).put("kind", a.kind().id());
      if (timed(c)) {
        n.put("at", at(i).toString());
      }
      a.actorIfAny().ifPresent(v -> n.put("actor", v));
      a.channelIfAny().ifPresent(v -> n.put("channel", v.id()));
      a.customerIfAny().ifPresent(v -> n.put("customer", v));
      a.conversationIfAny().ifPresent(v -> n.put("conversation", v));
      a.assigneeIfAny().ifPresent(v -> n.put("assignee", v));
      switch (a.kind().id()) {
        case "message.received" -> n.put("newConversation", a.startsConversation());
        case "note.added" -> {
          a.mentionedUsers().forEach(n.putArray("mentions")::add);
          a.mentionedTeams().forEach(n.putArray("teamMentions")::add);
        }
        case "object.created", "object.updated" -> n.put("object", "order-1");
        case "app.updated" -> n.put("app", "shopify");
        default -> {}
      }
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }
}
