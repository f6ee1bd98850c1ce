import { createHmac } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createCatalogServices } from "../../src/catalog/services.js";
import { connectDatabase } from "../../src/database/connection.js";
import { spawnedAdminKey, spawnService, stopSpawnedServices } from "../helpers/service-process.js";
import { testDatabaseUri } from "../helpers/test-database.js";
import { storedCatalog } from "../helpers/stored-catalog.js";

interface Delivery {
  events: Array<{ id: string; type: string; subject: string; data: { availability?: string } }>;
}

/** A webhook receiver that checks each signature the documented way and keeps what arrives. */
async function startReceiver(secret: () => string): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const [t, v1] = String(req.headers["pim-signature"])
        .split(",")
        .map((part) => part.split("=")[1]);
      const expected = createHmac("sha256", secret()).update(`${t}.${body}`).digest("hex");
      if (v1 === expected) deliveries.push(JSON.parse(body) as Delivery);
      res.writeHead(v1 === expected ? 200 : 400).end();
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
  return { url: `http://127.0.0.1:${port}/hook`, deliveries, server };
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const headers = { "content-type": "application/json", authorization: `Bearer ${spawnedAdminKey}` };
  const response = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const folders: string[] = [];
afterAll(async () => {
  await stopSpawnedServices();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe("a crash between a write and its change event", () => {
  it("loses no event: the next start publishes it and the webhook receiver gets it", async () => {
    const uri = testDatabaseUri("crash-recovery");
    const connection = await connectDatabase(uri);
    const catalog = createCatalogServices(connection, pino({ level: "silent" }));
    await catalog.ensureIndexes();
    await catalog.saveStockLocation({ code: "main", type: "warehouse" }, "test");
    await catalog.saveAttributeGroup({ code: "general" }, "test");
    await catalog.saveAttribute({ code: "sku", type: "identifier", group: "general" }, "test");
    await catalog.saveAttribute({ code: "name", type: "text", group: "general" }, "test");
    await catalog.saveFamily({ code: "basic", attributes: ["sku", "name"], labelAttribute: "name" }, "test");
    const [created] = await catalog.saveProducts(
      [{ sku: "CRASH-1", family: "basic", parent: null, categories: [], enabled: true, values: {}, associations: {} }],
      { mode: "create", actor: "test" },
    );
    expect(created?.errors).toEqual([]);
    await catalog.setStock([{ sku: "CRASH-1", location: "main", onHand: 5 }], "test");
    await catalog.changeLog.settled();

    let secret = "";
    const receiver = await startReceiver(() => secret);
    const dataDir = await mkdtemp(join(tmpdir(), "pim-crash-"));
    folders.push(dataDir);
    const env = {
      PORT: "0",
      MONGODB_URI: uri,
      SEED_DEMO: "false",
      GENERATE_FEEDS: "false",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
    };
    try {
      // The process kills itself right after the stock write lands and before its event is published.
      const doomed = spawnService({ ...env, PIM_FAILPOINT: "after-write-before-publish:offer.stock_changed" });
      const url = String((await doomed.waitForLog("PIM service listening")).url).replace(/\/graphql$/, "");
      const subscribed = await graphql<{ createWebhookSubscription: { secret: string } }>(
        url,
        `mutation($url: String!) { createWebhookSubscription(input: { url: $url, eventTypes: ["offer.*"] }) { secret } }`,
        { url: receiver.url },
      );
      secret = subscribed.createWebhookSubscription.secret;

      await expect(graphql(url, `mutation { setStock(updates: [{ sku: "CRASH-1", location: "main", onHand: 0 }]) { updated } }`)).rejects.toThrow();
      expect(await doomed.exited).toBeNull();
      expect(doomed.child.signalCode).toBe("SIGKILL");

      const stored = await storedCatalog(catalog).products.findById("CRASH-1").lean<{ offer: { stock: Record<string, number> } }>();
      expect(stored?.offer.stock.main).toBe(0);
      expect(await connection.collection("change_journal").countDocuments({ type: "offer.stock_changed" })).toBe(1);
      expect(receiver.deliveries).toEqual([]);

      const restarted = spawnService(env);
      await restarted.waitForLog("PIM service listening");
      for (let waited = 0; waited < 200 && receiver.deliveries.length === 0; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
      const events = receiver.deliveries.flatMap((d) => d.events);
      expect(events).toEqual([
        expect.objectContaining({ type: "offer.stock_changed", subject: "CRASH-1", data: expect.objectContaining({ availability: "out_of_stock" }) }),
      ]);
      expect(await connection.collection("change_journal").countDocuments()).toBe(0);
      restarted.child.kill("SIGTERM");
      await restarted.exited;
    } finally {
      receiver.server.close();
      await connection.dropDatabase();
      await connection.close();
    }
  });
});
