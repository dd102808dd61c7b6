package dev.notify.testkit.laws;

import dev.notify.engine.DecisionEngine;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The engine's invariants of DESIGN.md on the standard catalog and default table. */
class StandardEngineProperties {
  private final EngineLaws laws = EngineLaws.of(DecisionEngine.standard());

  @TestFactory
  Stream<DynamicTest> everyLawHolds() {
    return laws.tests();
  }

  @Test
  void theEngineAgreesWithTheReferenceModel_onMoreTries() {
    laws.tries(2000).check("the engine agrees with the reference model");
  }
}
