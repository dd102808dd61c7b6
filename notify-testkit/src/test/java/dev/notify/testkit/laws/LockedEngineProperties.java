package dev.notify.testkit.laws;

import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.engine.DecisionEngine;
import dev.notify.settings.Lock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every law of the engine, and its agreement with the reference model (which reads rule 1′ of
 * ORGANIZATIONS.md), for an organisation that locks keys of every kind: options for every channel
 * and for one, in-app and email, each frequency, over options users often set.
 */
class LockedEngineProperties {
  static final List<Lock> LOCKS =
      List.of(
          new Lock("note.mentioned", Medium.EMAIL, null, Frequency.ALWAYS),
          new Lock("note.added", Medium.IN_APP, null, Frequency.NEVER),
          new Lock("conversation.message.assigned", Medium.EMAIL, null, Frequency.NEVER),
          new Lock("conversation.message.assigned", Medium.EMAIL, Channel.CHAT, Frequency.ALWAYS),
          new Lock(
              "conversation.message.assigned", Medium.IN_APP, Channel.TWILIO, Frequency.ALWAYS),
          new Lock("conversation.assigned", Medium.IN_APP, null, Frequency.WHEN_LOGGED_OUT),
          new Lock("customer.message.any", Medium.EMAIL, null, Frequency.ALWAYS));

  private final EngineLaws laws = EngineLaws.of(DecisionEngine.standard().locking(LOCKS));

  @TestFactory
  Stream<DynamicTest> everyLawHolds() {
    return laws.tests();
  }

  @Test
  void theLockedEngineAgreesWithTheReferenceModel_onMoreTries() {
    laws.tries(2000).check("the engine agrees with the reference model");
  }
}
