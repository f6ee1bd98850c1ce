import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnService, stopSpawnedServices, type ServiceProcess } from "../helpers/service-process.js";
import { testDatabaseUri } from "../helpers/test-database.js";

/**
 * The service runs as a process of its own here, so its memory can be read from /proc without the
 * flooding client's counted in.
 */
let dataDir: string;
let service: ServiceProcess;
let url: string;
const maxInFlight = 4;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "pim-overload-"));
  service = spawnService({
    PORT: "0",
    DATA_DIR: dataDir,
    MONGODB_URI: testDatabaseUri("overload"),
    SEED_DEMO: "false",
    GENERATE_FEEDS: "false",
    MAX_IN_FLIGHT_REQUESTS: String(maxInFlight),
  });
  const listening = await service.waitForLog("PIM service listening");
  url = String(listening.url).replace(/\/graphql$/, "");
});
afterAll(async () => {
  await stopSpawnedServices();
  await rm(dataDir, { recursive: true, force: true });
});

async function memoryKiB(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
}

interface Outcome {
  status: number;
  retryAfter: string | null;
  code: unknown;
}

async function post(body: string): Promise<Outcome> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${service.adminKey}` },
      body,
    });
    const answer = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    return { status: response.status, retryAfter: response.headers.get("retry-after"), code: answer.errors?.[0]?.extensions?.code ?? null };
  } catch {
    // A refused request's unread body may make the server close the connection before the client has sent it all.
    return { status: 0, retryAfter: null, code: null };
  }
}

describe("overload", () => {
  it("sheds a flood with 503 and Retry-After instead of taking it all in, keeps memory bounded, and serves again afterwards", async () => {
    const pid = service.child.pid as number;
    const small = JSON.stringify({ query: "{ locales { code } }" });
    expect((await post(small)).status).toBe(200);
    const baselineKiB = await memoryKiB(pid, "VmRSS");

    // Each request carries 1 MB of variables: taken in all at once, 300 of them would need hundreds of MB.
    const heavy = JSON.stringify({
      query: "query($padding: String) { attributes(group: $padding) { code } }",
      variables: { padding: "x".repeat(1024 * 1024) },
    });
    const outcomes: Outcome[] = [];
    for (let wave = 0; wave < 3; wave += 1) outcomes.push(...(await Promise.all(Array.from({ length: 100 }, () => post(heavy)))));

    const served = outcomes.filter((o) => o.status === 200);
    const shed = outcomes.filter((o) => o.status === 503);
    expect(served.length).toBeGreaterThan(0);
    expect(shed.length).toBeGreaterThan(0);
    for (const refusal of shed) expect(refusal).toEqual({ status: 503, retryAfter: "1", code: "SERVICE_UNAVAILABLE" });
    expect(outcomes.every((o) => o.status === 200 || o.status === 503 || o.status === 0)).toBe(true);

    const peakGrowthMiB = ((await memoryKiB(pid, "VmHWM")) - baselineKiB) / 1024;
    expect(peakGrowthMiB).toBeLessThan(120);

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    const after = await post(small);
    expect(after.status).toBe(200);
    expect(service.child.exitCode).toBeNull();
  });
});
