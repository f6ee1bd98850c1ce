import { connect, type Socket } from "node:net";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
let port: number;

beforeAll(async () => {
  service = await startTestService("security-http", {
    seedDemo: true,
    protection: { headersTimeoutMs: 1000, bodyTimeoutMs: 2000, maxInFlightRequests: 8, maxInFlightPerAddress: 2 },
  });
  port = service.port;
});
afterAll(() => service?.stop());

/** Opens a raw connection, writes `text`, and resolves with how long the server took to close it and what it answered. */
function holdOpen(text: string, localAddress = "127.0.0.1"): { closed: Promise<{ afterMs: number; answer: string }>; socket: Socket } {
  const socket = connect({ host: "127.0.0.1", port, localAddress });
  const started = Date.now();
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk.toString()));
  socket.on("error", () => undefined);
  socket.write(text);
  const closed = new Promise<{ afterMs: number; answer: string }>((resolve) => socket.on("close", () => resolve({ afterMs: Date.now() - started, answer })));
  return { closed, socket };
}

function get(path: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, localAddress, headers: { authorization: `Bearer ${service.adminKey}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("slow clients", () => {
  it("are cut off when the header and body timeouts say, not up to 30 s later", async () => {
    const headers = holdOpen("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    const body = holdOpen(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nAuthorization: Bearer ${service.adminKey}\r\n\r\n{"query":`,
    );
    const [cutHeaders, cutBody] = await Promise.all([headers.closed, body.closed]);
    expect(cutHeaders.afterMs).toBeLessThan(5000);
    expect(cutHeaders.answer).toMatch(/^HTTP\/1.1 408/);
    expect(cutBody.afterMs).toBeLessThan(6000);
    expect(cutBody.afterMs).toBeGreaterThanOrEqual(1900);
  });

  it("trickling bodies from one address take that address's slots, and other clients are still served", async () => {
    const slow = [1, 2].map(() =>
      holdOpen(
        `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nAuthorization: Bearer ${service.adminKey}\r\n\r\n{`,
      ),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await get("/schema/families/home.json", "127.0.0.1")).toBe(503);
      expect(await get("/schema/families/home.json", "127.0.0.2")).toBe(200);
    } finally {
      for (const { socket } of slow) socket.destroy();
      await Promise.all(slow.map(({ closed }) => closed));
    }
  });
});

describe("crafted values", () => {
  it("an UPDATED_AT cursor that is not one the API wrote is a bad input, not an internal error", async () => {
    const products = `query($after: String) { products(first: 2, after: $after, sort: { field: UPDATED_AT }) { edges { node { sku } } } }`;
    for (const v of ["not a date", 12, true, "9999-99-99T99:99:99Z", null]) {
      const after = Buffer.from(JSON.stringify({ v, id: "X" })).toString("base64url");
      const answer = await service.gql(products, { after });
      expect(answer.errors?.[0]?.extensions?.code, JSON.stringify(v)).toBe("BAD_USER_INPUT");
    }
    const real = await service.gql<{ products: { edges: Array<{ cursor: string }> } }>(
      `{ products(first: 2, sort: { field: UPDATED_AT }) { edges { cursor } } }`,
    );
    expect((await service.gql(products, { after: real.data.products.edges[1]?.cursor })).errors).toBeUndefined();
  });

  it("a locale or option named after an Object.prototype property finds nothing", async () => {
    for (const locale of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const { data } = await service.gql<{ product: { value: unknown } }>(
        `query($locale: String) { product(sku: "KES-AIR14-512") { value(attribute: "name", locale: $locale) { data } } }`,
        { locale },
      );
      expect(data.product.value, locale).toBeNull();
    }
    const csv = "sku,enabled\nKES-AIR14-512,constructor\n";
    const response = await service.request("/imports?format=csv&dryRun=true", { method: "POST", body: csv });
    const { id } = (await response.json()) as { id: string };
    let job: { status: string; report: { rejected: number } | null } = { status: "QUEUED", report: null };
    while (["QUEUED", "RUNNING"].includes(job.status))
      job = (await service.gql<{ bulkJob: typeof job }>(`{ bulkJob(id: "${id}") { status report { rejected } } }`)).data.bulkJob;
    expect(job.report?.rejected).toBe(1);
  });
});
