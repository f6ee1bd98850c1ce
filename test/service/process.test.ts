import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { startService } from "../../src/server.js";
import { pino } from "pino";
import { spawnedAdminKey, spawnService, stopSpawnedServices } from "../helpers/service-process.js";
import { testDatabaseUri } from "../helpers/test-database.js";

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "pim-process-"));
  folders.push(folder);
  return folder;
}
afterAll(async () => {
  await stopSpawnedServices();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function graphql(url: string, query: string): Promise<{ data: Record<string, unknown> }> {
  const headers = { "content-type": "application/json", authorization: `Bearer ${spawnedAdminKey}` };
  const response = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query }) });
  return (await response.json()) as { data: Record<string, unknown> };
}

describe("the service process", () => {
  it("refuses a bad configuration with one line naming the variable and a non-zero exit", async () => {
    const service = spawnService({ PORT: "http" });
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toBe('Invalid configuration: PORT must be a whole number from 0 to 65535 (got "http")\n');
  });

  it("names the port when it is already in use", async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)));
    try {
      const service = spawnService({ PORT: String(port), MONGODB_URI: testDatabaseUri("port-in-use"), SEED_DEMO: "false" });
      expect(await service.exited).toBe(1);
      expect(service.stderr()).toBe(`Port ${port} on 127.0.0.1 is already in use; set PORT to a free port\n`);
    } finally {
      blocker.close();
    }
  });

  // Two cold starts of the service with its embedded database and the demo catalog, on a busy machine.
  it("starts its embedded database with the demo catalog, stops it on SIGTERM, and keeps the data", async () => {
    const dataDir = await tempFolder();
    const first = spawnService({ PORT: "0", DATA_DIR: dataDir });
    const database = await first.waitForLog("embedded database (mongo-java-server) started");
    const listening = await first.waitForLog("PIM service listening");
    const url = String(listening.url).replace(/\/graphql$/, "");
    const before = await graphql(url, "{ products { totalCount } }");
    expect((before.data.products as { totalCount: number }).totalCount).toBeGreaterThanOrEqual(40);
    const renamed = await graphql(url, `mutation { updateProduct(sku: "BL-WRAP-BLU-L", changes: { enabled: false }) { product { version } } }`);
    expect(renamed.data.updateProduct).toBeTruthy();
    const requestLog = first
      .stdout()
      .split("\n")
      .filter((line) => line.includes('"url":"/graphql"'))
      .map((line) => JSON.parse(line) as { req: { id: string; method: string }; res: { status: number }; responseTime: number });
    expect(requestLog.length).toBeGreaterThanOrEqual(1);
    expect(requestLog[0]).toMatchObject({
      req: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), method: "POST" },
      res: { status: 200 },
      responseTime: expect.any(Number),
    });

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(await portAcceptsConnections(Number(database.port))).toBe(false);

    const second = spawnService({ PORT: "0", DATA_DIR: dataDir });
    const again = await second.waitForLog("PIM service listening");
    const after = await graphql(String(again.url).replace(/\/graphql$/, ""), `{ product(sku: "BL-WRAP-BLU-L") { enabled version } products { totalCount } }`);
    expect(after.data.product).toEqual({ enabled: false, version: 2 });
    expect(after.data.products).toEqual(before.data.products);
    expect(second.stdout()).not.toContain("demo catalog loaded");
    // The key reached the service on every request above; it never reaches a log line.
    expect(first.stdout() + second.stdout()).not.toContain(spawnedAdminKey);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  }, 90_000);

  it("reports an unreachable database on /readyz with the reason while staying alive", async () => {
    const dataDir = await tempFolder();
    const logger = pino({ level: "silent" });
    const database = await startEmbeddedDatabase({ dataDir, logger });
    const service = await startService(
      { port: 0, host: "127.0.0.1", mongodbUri: `${database.uri}readyz`, dataDir, logLevel: "silent", seedDemo: false, generateFeeds: false, storage: "disk" },
      logger,
    );
    try {
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
      await database.stop();
      const down = await fetch(`${service.url}/readyz`);
      expect(down.status).toBe(503);
      expect(((await down.json()) as { reason: string }).reason).toMatch(/^database unreachable: /);
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });
});
