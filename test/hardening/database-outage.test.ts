import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../src/embedded-db/embedded-database.js";
import { startTestService, type TestService } from "../helpers/test-service.js";

/** The service gets a database server of its own here, which the test stops, restarts and pauses under it. */
let dataDir: string;
let database: EmbeddedDatabase;
let service: TestService;
const requestTimeoutMs = 1_500;
const sku = "NV-CREW-NAVY-S";
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "pim-outage-"));
  database = await startEmbeddedDatabase({ dataDir, logger: silent });
  service = await startTestService("database-outage", { seedDemo: true, mongoServerUri: database.uri, protection: { requestTimeoutMs } });
});
afterAll(async () => {
  if (database?.pid) process.kill(database.pid, "SIGCONT");
  await service?.stop();
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function readiness(): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const response = await service.request("/readyz");
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

/** Polls, a bounded number of times, until the check holds. */
async function eventually<T>(probe: () => Promise<T>, holds: (value: T) => boolean, attempts = 100, pauseMs = 200): Promise<T> {
  let last = await probe();
  for (let i = 0; i < attempts && !holds(last); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    last = await probe();
  }
  return last;
}

interface ProductState {
  product: { version: number; enabled: boolean };
  productHistory: unknown[];
}
const productState = `{ product(sku: "${sku}") { version enabled } productHistory(sku: "${sku}") { version } }`;
const disable = `mutation { updateProduct(sku: "${sku}", changes: { enabled: false }) { product { version enabled } } }`;

describe("database outage", () => {
  let before: ProductState;

  it("stops serving at once with SERVICE_UNAVAILABLE when the database goes away, and says so in /readyz", async () => {
    before = (await service.gql<ProductState>(productState)).data;
    expect(before.product.enabled).toBe(true);

    await database.stop();
    // Once the driver itself knows (not merely a failed ping), requests are refused without waiting.
    const down = await eventually(readiness, (r) => r.status === 503 && /connection is/.test(r.body.reason ?? ""));
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: "unavailable", reason: expect.stringMatching(/^database unreachable/) });

    const read = await service.gql(productState);
    expect(read.status).toBe(503);
    expect(read.errors?.[0]).toMatchObject({ message: "The database is unavailable; try again shortly", extensions: { code: "SERVICE_UNAVAILABLE" } });
    const write = await service.gql(disable);
    expect(write.status).toBe(503);
    expect(write.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    const feed = await service.request("/schema/families/clothing.json");
    expect(feed.status).toBe(503);
    expect(feed.headers.get("retry-after")).toBe("5");
    expect((await service.request("/healthz")).status).toBe(200);
  });

  it("recovers by itself when the database returns, with nothing of the refused write stored", async () => {
    database = await startEmbeddedDatabase({ dataDir, logger: silent, port: database.port });
    const up = await eventually(readiness, (r) => r.status === 200);
    expect(up.body).toMatchObject({ status: "ready" });

    const after = await service.gql<ProductState>(productState);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before);

    const write = await service.gql<{ updateProduct: { product: { version: number; enabled: boolean } } }>(disable);
    expect(write.errors).toBeUndefined();
    expect(write.data.updateProduct.product).toEqual({ version: before.product.version + 1, enabled: false });
    expect((await service.gql<ProductState>(productState)).data.productHistory).toHaveLength(before.productHistory.length + 1);
  });

  it("answers a request stuck on an unresponsive database at its deadline, and serves again when the database wakes", async () => {
    const pid = database.pid as number;
    process.kill(pid, "SIGSTOP");
    try {
      const stuck = await service.gql("{ products(first: 5) { totalCount } }");
      expect(stuck.status).toBe(503);
      expect(stuck.errors?.[0]).toMatchObject({
        message: `The request took longer than ${requestTimeoutMs} ms and was stopped; ask for less or try again later`,
        extensions: { code: "SERVICE_UNAVAILABLE" },
      });
      expect((await service.request("/healthz")).status).toBe(200);
      const ready = await readiness();
      expect(ready.status).toBe(503);
      // Which comes first under load, the ping's own timeout or the driver's heartbeat, varies.
      expect(ready.body.reason).toMatch(/no answer to ping|connection is disconnected/);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    const up = await eventually(readiness, (r) => r.status === 200);
    expect(up.status).toBe(200);
    const served = await service.gql<{ products: { totalCount: number } }>("{ products(first: 5) { totalCount } }");
    expect(served.errors).toBeUndefined();
    expect(served.data.products.totalCount).toBeGreaterThan(0);
  });
});
