/**
 * The cluster store's feed of other servers' changes (LISTEN on a connection of its own) reconnects
 * when PostgreSQL ends its connection; closed while that reconnection is under way, it must not
 * keep the new connection: an open connection holds the process, and the server never exited on
 * SIGTERM. A proxy between the feed and PostgreSQL holds the reconnection until the feed is closed.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";
import { test } from "node:test";
import { ChangeFeed } from "../../src/store/cluster/change-feed.js";
import { Postgres } from "../../src/store/cluster/postgres.js";

const url = process.env.SOCIALROI_TEST_POSTGRES_URL;
const skip = url ? false : "SOCIALROI_TEST_POSTGRES_URL not set (scripts/test-services.sh start)";

/** A TCP proxy to PostgreSQL whose new connections wait while `held` is set. */
async function holdingProxy(target: URL) {
  const sockets = new Set<Socket>();
  /** Each connection made to PostgreSQL, and when it closed (never resolves while it is open). */
  const upstreams: { socket: Socket; closed: Promise<unknown> }[] = [];
  let held: Promise<void> | undefined;
  let arrived: () => void = () => undefined;
  const server = createServer((client) => {
    sockets.add(client);
    client.pause();
    arrived();
    void (held ?? Promise.resolve()).then(() => {
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(upstream);
      upstreams.push({ socket: upstream, closed: once(upstream, "close") });
      client.pipe(upstream).pipe(client);
      client.resume();
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address() as { port: number };
  const proxied = new URL(target);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(address.port);
  return {
    url: proxied.toString(),
    upstreams,
    /** New connections wait until the returned function is called; resolves `arrival` when one comes. */
    hold(): { release: () => void; arrival: Promise<void> } {
      let release: () => void = () => undefined;
      held = new Promise((resolve) => {
        release = resolve;
      });
      const arrival = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      return { release, arrival };
    },
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

test("a change feed closed while it reconnects ends the new connection", { skip }, async () => {
  const target = new URL(url as string);
  const proxy = await holdingProxy(target);
  const admin = await Postgres.connect(url as string);
  try {
    const feed = await ChangeFeed.start(proxy.url);
    const first = proxy.upstreams[0]?.socket;
    assert.ok(first?.localPort);
    const [{ pid } = { pid: 0 }] = await admin.all<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE client_port = $port",
      { port: first.localPort },
    );
    assert.ok(pid > 0);
    const { release, arrival } = proxy.hold();
    await admin.all("SELECT pg_terminate_backend($pid)", { pid });
    // The feed tries again a second later; its connection waits in the proxy while the feed closes.
    await arrival;
    await feed.close();
    release();
    while (proxy.upstreams.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const reconnection = proxy.upstreams[1];
    assert.ok(reconnection);
    const closed = reconnection.closed.then(() => true);
    const kept = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000));
    assert.equal(await Promise.race([closed, kept]), true, "the reconnected connection is still open");
  } finally {
    proxy.close();
    await admin.close();
  }
});
