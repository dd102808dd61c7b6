package dev.notify.testkit.memory;

import dev.notify.memory.InMemoryDigestBook;
import dev.notify.spi.DigestBook;
import dev.notify.testkit.kit.DigestBookCompatibilityKit;

class InMemoryDigestBookTest extends DigestBookCompatibilityKit {
  @Override
  protected DigestBook createBook() {
    return new InMemoryDigestBook();
  }
}
