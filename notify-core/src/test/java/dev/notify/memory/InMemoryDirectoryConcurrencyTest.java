package dev.notify.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.spi.UserAccount;
import java.time.LocalDate;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Regression: putUser racing allUsers() could leave the cached "everyone" snapshot stale for good
 * (an app.updated then missed a user). Every trial races one write against one read; afterwards the
 * directory must show the new user.
 */
class InMemoryDirectoryConcurrencyTest {
  @Test
  void aSnapshotTakenDuringAWrite_isNeverServedAfterIt() throws Exception {
    LocalDate d = LocalDate.of(2023, 1, 1);
    int trials = 20_000;
    int stale = 0;
    CyclicBarrier start = new CyclicBarrier(2);
    for (int i = 0; i < trials; i++) {
      // No snapshot yet: the reader computes one while the writer adds "b".
      InMemoryDirectory dir = new InMemoryDirectory().putUser(new UserAccount("a", d, null));
      Thread reader =
          new Thread(
              () -> {
                await(start);
                dir.allUsers();
              });
      reader.start();
      await(start);
      dir.putUser(new UserAccount("b", d, "b@example.test"));
      reader.join();
      if (dir.allUsers().size() != 2 || dir.allUserIds().size() != 2) {
        stale++;
      }
      // A replaced account (a new email) is served too.
      dir.putUser(new UserAccount("b", d, "new@example.test"));
      assertThat(dir.allUsers()).extracting(UserAccount::email).contains("new@example.test");
    }
    assertThat(stale).as("stale snapshots in %d trials", trials).isZero();
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
