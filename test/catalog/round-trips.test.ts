import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually.js";
import { startTestService, type TestService } from "../helpers/test-service.js";

let service: TestService;
beforeAll(async () => {
  service = await startTestService("catalog-round-trips", { seedDemo: true, monitorCommands: true });
  // Loading the demo leaves change events publishing in the background, and a first start checks the
  // media for product regions to measure; their commands are not the page's.
  await service.catalog.changeLog.settled();
  const upgrades = service.connection.collection("media_upgrades");
  await eventually("the first start's media check", async () => ((await upgrades.countDocuments()) > 0 ? true : undefined));
});
afterAll(async () => service?.stop());

const page = `query($first: Int!) {
  products(first: $first) {
    totalCount
    edges { node {
      sku label(locale: "pl_PL") enabled
      family { code label(locale: "pl_PL") }
      categories { code label(locale: "pl_PL") }
      parent { code parent { code } }
      associations { type products { sku } models { code } }
      completeness(channel: "ecommerce") { locale ratio missing }
      value(attribute: "price") { data }
    } }
  }
}`;

// The caller's API key lookup (cached, its last use written once a minute) is authentication's cost, and the
// job scheduler polls and locks its jobs on its own clock; neither is the page's.
const notThePage = new Set(["api_keys", "background_jobs", "leases"]);

async function commandsFor(first: number): Promise<{ count: number; names: string[]; returned: number }> {
  const names: string[] = [];
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    if (!notThePage.has(String(event.command[event.commandName]))) names.push(event.commandName);
  };
  const client = service.connection.getClient();
  client.on("commandStarted", listener);
  try {
    const { data, errors } = await service.gql<{ products: { edges: unknown[] } }>(page, { first });
    expect(errors).toBeUndefined();
    return { count: names.length, names, returned: data.products.edges.length };
  } finally {
    client.off("commandStarted", listener);
  }
}

describe("database round trips of a product page", () => {
  it("do not grow with the page size", async () => {
    const small = await commandsFor(5);
    const large = await commandsFor(60);
    expect(small.returned).toBe(5);
    expect(large.returned).toBe(60);
    const detail = `5 products: ${small.names.join(", ")}\n60 products: ${large.names.join(", ")}`;
    // DataLoader may split a batch differently for different pages; what must not happen is a query per product.
    expect(small.count, detail).toBeLessThanOrEqual(9);
    expect(large.count, detail).toBeLessThanOrEqual(9);
  });
});
