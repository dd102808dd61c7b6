package dev.notify.examples.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * A load balancer for tests: one loopback address in front of one web host at a time. {@link
 * #moveTo} closes every connection (as a host that went away would) and sends the next ones to
 * another host; {@link #hold} keeps new connections waiting until then.
 */
final class Balancer implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Semaphore gate = new Semaphore(Integer.MAX_VALUE);
  private volatile URI target = URI.create("http://127.0.0.1:1");

  Balancer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "balancer");
    t.setDaemon(true);
    t.start();
  }

  /** Its port, known before the hosts behind it start (they must accept it as their Host). */
  int port() {
    return server.getLocalPort();
  }

  /** The address browsers use. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** Sends new connections to {@code host}. */
  Balancer to(URI host) {
    target = host;
    return this;
  }

  /** Closes every connection and keeps new ones waiting (until {@link #moveTo}). */
  void hold() throws InterruptedException {
    gate.acquire(Integer.MAX_VALUE);
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** Closes every connection, and sends the next ones (and any held) to {@code host}. */
  void moveTo(URI host) {
    target = host;
    for (Socket s : open) {
      closeQuietly(s);
    }
    if (gate.availablePermits() == 0) {
      gate.release(Integer.MAX_VALUE);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "balancer-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try {
      gate.acquire();
      gate.release();
      URI to = target;
      Socket upstream = new Socket();
      upstream.connect(new InetSocketAddress(to.getHost(), to.getPort()));
      open.add(client);
      open.add(upstream);
      Thread back = new Thread(() -> pipe(upstream, client), "balancer-back");
      back.setDaemon(true);
      back.start();
      pipe(client, upstream);
    } catch (IOException e) {
      closeQuietly(client);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(client);
    }
  }

  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side went away: both do.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Closing: nothing more to do.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      closeQuietly(s);
    }
  }
}
