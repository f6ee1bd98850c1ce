import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PushDelivery, PushPart } from "../../src/feeds/push-delivery.js";
import { cutIntoParts } from "../../src/feeds/write-feed.js";
import { eventually } from "../helpers/eventually.js";
import { startTestService, type TestService } from "../helpers/test-service.js";

async function* numbers(count: number): AsyncGenerator<{ n: number; pad: string }> {
  for (let n = 1; n <= count; n++) yield { n, pad: "x".repeat(80) };
}

async function collect<T>(parts: AsyncIterable<AsyncIterable<T>>): Promise<T[][]> {
  const result: T[][] = [];
  for await (const part of parts) {
    const items: T[] = [];
    for await (const item of part) items.push(item);
    result.push(items);
  }
  return result;
}

describe("cutting a feed into parts", () => {
  it("keeps each part within the item limit and the item order across parts", async () => {
    const parts = await collect(cutIntoParts(numbers(25), { maxItems: 10, maxBytes: 1_000_000 }));
    expect(parts.map((part) => part.length)).toEqual([10, 10, 5]);
    expect(parts.flat().map((item) => item.n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("keeps each part within the byte limit, measured as the items' JSON", async () => {
    const itemBytes = JSON.stringify({ n: 1, pad: "x".repeat(80) }).length + 1;
    const parts = await collect(cutIntoParts(numbers(10), { maxItems: 1000, maxBytes: itemBytes * 3 + itemBytes / 2 }));
    expect(parts.map((part) => part.length)).toEqual([3, 3, 3, 1]);
  });

  it("keeps the following items of one group in one part when they fit, and cuts a group larger than a part", async () => {
    async function* variants() {
      for (const [model, count] of [
        ["a", 3],
        ["b", 3],
        ["c", 2],
        ["d", 6],
        ["e", 1],
      ] as const)
        for (let i = 1; i <= count; i++) yield { model, sku: `${model}${i}` };
    }
    const parts = await collect(cutIntoParts(variants(), { maxItems: 4, maxBytes: 1_000_000, groupOf: (item) => item.model }));
    expect(parts.map((part) => part.map((item) => item.sku).join(" "))).toEqual(["a1 a2 a3", "b1 b2 b3", "c1 c2", "d1 d2 d3 d4", "d5 d6 e1"]);
  });

  it("closes the source (a database cursor) when a part's render fails half-way", async () => {
    let closed = false;
    async function* cursor() {
      try {
        yield* numbers(30);
      } finally {
        closed = true;
      }
    }
    const failing = async () => {
      for await (const part of cutIntoParts(cursor(), { maxItems: 10, maxBytes: 1_000_000 })) {
        for await (const item of part) if (item.n === 5) throw new Error("the render failed");
      }
    };
    await expect(failing()).rejects.toThrow("the render failed");
    expect(closed).toBe(true);
  });

  it("gives an empty feed one empty part, and an item over the byte limit a part of its own, saying so", async () => {
    expect(await collect(cutIntoParts(numbers(0), { maxItems: 10, maxBytes: 100 }))).toEqual([[]]);
    const oversized: number[] = [];
    const parts = await collect(cutIntoParts(numbers(2), { maxItems: 10, maxBytes: 10 }, (item) => oversized.push(item.n)));
    expect(parts.map((part) => part.length)).toEqual([1, 1]);
    expect(oversized).toEqual([1, 2]);
  });
});

interface AmazonDocument {
  header: { sellerId: string };
  messages: Array<{ messageId: number; sku: string; attributes: { child_parent_sku_relationship?: Array<{ parent_sku: string }> } }>;
}

/** A marketplace's push API in memory; once armed, it refuses the next second part once. It can be held before a part. */
class FlakyMarketplace implements PushDelivery {
  events: string[] = [];
  generations: string[] = [];
  /** The parts accepted of each generation, in order. */
  accepted = new Map<string, number[]>();
  bodies = new Map<number, string>();
  private refuseSecondPart = false;
  private gate: Promise<void> | null = null;
  private reachedGate: (() => void) | null = null;

  arm(): void {
    this.events = [];
    this.generations = [];
    this.accepted.clear();
    this.bodies.clear();
    this.refuseSecondPart = true;
  }

  /** Holds every delivery until `release` resolves; resolves itself once a delivery waits there. */
  holdUntil(release: Promise<void>): Promise<void> {
    this.gate = release;
    return new Promise((resolve) => {
      this.reachedGate = resolve;
    });
  }

  async deliver(part: PushPart): Promise<void> {
    if (this.gate) {
      this.reachedGate?.();
      await this.gate;
      this.gate = null;
    }
    if (this.generations.at(-1) !== part.generation) this.generations.push(part.generation);
    const body = await text(part.body());
    if (part.part === 2 && this.refuseSecondPart) {
      this.refuseSecondPart = false;
      this.events.push("refused 2");
      throw new Error("503 from the marketplace");
    }
    this.events.push(`accepted ${part.part}/${part.parts}`);
    this.accepted.set(part.generation, [...(this.accepted.get(part.generation) ?? []), part.part]);
    this.bodies.set(part.part, body);
  }
}

describe("a channel whose files hold a limited number of items", () => {
  let service: TestService;
  let token: string;
  const marketplace = new FlakyMarketplace();

  beforeAll(async () => {
    service = await startTestService("feed-parts", { seedDemo: true, generateFeeds: true, pushDeliveries: new Map([["amazon", marketplace]]) });
    const amazon = (await service.catalog.definitions()).channels.get("amazon");
    if (!amazon?.export) throw new Error("the demo has no amazon channel");
    const { code, labels, locales, currencies, categoryTree } = amazon;
    await service.catalog.saveChannel({ code, labels, locales, currencies, categoryTree, export: { ...amazon.export, itemsPerPart: 10 } }, "test");
    const rotated = await service.gql<{ rotateFeedToken: { token: string } }>(`mutation { rotateFeedToken(channel: "amazon") { token } }`);
    token = rotated.data.rotateFeedToken.token;
  });
  afterAll(() => service?.stop());

  it("serves each part as a whole feed document of at most that many messages, every item once, a variation family in one where it fits", async () => {
    const { data } = await service.gql<{ regenerateFeed: { itemsWritten: number; parts: number } }>(
      `mutation { regenerateFeed(channel: "amazon") { itemsWritten parts } }`,
    );
    const { itemsWritten, parts } = data.regenerateFeed;
    expect(itemsWritten).toBeGreaterThan(20);
    expect(parts).toBeGreaterThanOrEqual(Math.ceil(itemsWritten / 10));

    const first = await service.requestAs(null, `/feeds/amazon?token=${token}`);
    expect(first.headers.get("pim-feed-parts")).toBe(String(parts));
    const generation = first.headers.get("pim-feed-generation") ?? "";
    const documents: AmazonDocument[] = [(await first.json()) as AmazonDocument];
    for (let part = 2; part <= parts; part++) {
      const response = await service.requestAs(null, `/feeds/amazon/parts/${part}?token=${token}&generation=${generation}`);
      expect(response.status).toBe(200);
      documents.push((await response.json()) as AmazonDocument);
    }
    for (const document of documents) {
      expect(document.header.sellerId).toBeTruthy();
      expect(document.messages.length).toBeLessThanOrEqual(10);
      expect(document.messages.map((message) => message.messageId)).toEqual(document.messages.map((_, i) => i + 1));
    }
    const skus = documents.flatMap((document) => document.messages.map((message) => message.sku));
    expect(skus).toHaveLength(itemsWritten);
    expect(new Set(skus).size).toBe(itemsWritten);
    // A variation parent's SKU is what its children name; a product without variants is a family of one.
    const family = (message: AmazonDocument["messages"][number]) => message.attributes.child_parent_sku_relationship?.[0]?.parent_sku ?? message.sku;
    const families = new Map<string, { messages: number; documents: Set<number> }>();
    for (const [index, document] of documents.entries())
      for (const message of document.messages) {
        const entry = families.get(family(message)) ?? { messages: 0, documents: new Set<number>() };
        entry.messages += 1;
        entry.documents.add(index);
        families.set(family(message), entry);
      }
    const fitting = [...families].filter(([, { messages }]) => messages > 1 && messages <= 10);
    expect(fitting.length).toBeGreaterThan(1);
    for (const [code, { documents: inDocuments }] of fitting) expect([...inDocuments], `${code} is split over documents`).toHaveLength(1);
    // Kept together, yet never more documents than the families need when each starts a document of its own.
    expect(parts).toBeLessThanOrEqual([...families.values()].reduce((sum, { messages }) => sum + Math.ceil(messages / 10), 0));

    expect((await service.requestAs(null, `/feeds/amazon/parts/${parts + 1}?token=${token}`)).status).toBe(404);
    expect((await service.requestAs(null, `/feeds/amazon/parts/2?token=wrong`)).status).toBe(404);
    expect((await service.requestAs(null, `/feeds/amazon/parts/0?token=${token}`)).status).toBe(400);
    // A client that began with another generation is told to start again rather than mix two feeds.
    expect((await service.requestAs(null, `/feeds/amazon/parts/2?token=${token}&generation=feed-0000000000000-00000000.json`)).status).toBe(409);
  });

  it("pushes every part to the channel's delivery in order, resuming after a refused part without sending accepted ones again", async () => {
    const delivered = async () => {
      const snapshot = await service.feeds.snapshot("amazon");
      const progress = await service.feeds.deliveryProgress("amazon");
      return snapshot && progress && progress.partsDelivered === progress.parts ? snapshot : undefined;
    };
    await eventually("the delivery of the snapshot before", delivered);
    marketplace.arm();
    await service.gql(`mutation { regenerateFeed(channel: "amazon") { parts } }`);
    const snapshot = await eventually("the delivery of the new snapshot", delivered);
    const parts = snapshot.parts?.length ?? 1;
    expect(parts).toBeGreaterThan(2);
    expect(marketplace.events).toEqual([`accepted 1/${parts}`, "refused 2", ...Array.from({ length: parts - 1 }, (_, i) => `accepted ${i + 2}/${parts}`)]);
    const status = await service.gql<{ channel: { feedStatus: { delivery: { partsDelivered: number; parts: number } } } }>(
      `{ channel(code: "amazon") { feedStatus { delivery { partsDelivered parts } } } }`,
    );
    expect(status.data.channel.feedStatus.delivery).toEqual({ partsDelivered: parts, parts });
    for (let part = 1; part <= parts; part++) {
      const served = await service.requestAs(null, `/feeds/amazon${part === 1 ? "" : `/parts/${part}`}?token=${token}`);
      expect(marketplace.bodies.get(part)).toBe(await served.text());
    }
  });

  it("finishes the generation under way before it pushes a newer one, whose files outlive the pruning meanwhile", async () => {
    const delivered = async () => {
      const progress = await service.feeds.deliveryProgress("amazon");
      return progress && progress.partsDelivered === progress.parts ? progress : undefined;
    };
    await eventually("the delivery before", delivered);
    marketplace.arm();
    let release = () => undefined as void;
    const waiting = marketplace.holdUntil(new Promise<void>((resolve) => (release = resolve)));
    await service.gql(`mutation { regenerateFeed(channel: "amazon") { parts } }`);
    const underWay = (await service.feeds.snapshot("amazon"))?.file;
    await waiting;
    // Three more snapshots while the marketplace holds the first part: more than pruning keeps besides the current one.
    for (let i = 0; i < 3; i++) await service.gql(`mutation { regenerateFeed(channel: "amazon") { parts } }`);
    const latest = (await service.feeds.snapshot("amazon"))?.file;
    release();
    await eventually("the delivery of the latest snapshot", async () => {
      const progress = await delivered();
      return progress && marketplace.generations.at(-1) === latest ? progress : undefined;
    });
    expect(marketplace.generations[0]).toBe(underWay);
    expect(marketplace.generations.at(-1)).toBe(latest);
    const parts = (await service.feeds.snapshot("amazon"))?.parts?.length ?? 1;
    const everyPart = Array.from({ length: parts }, (_, i) => i + 1);
    expect(marketplace.accepted.get(underWay ?? "")).toEqual(everyPart);
    expect(marketplace.accepted.get(latest ?? "")).toEqual(everyPart);
    expect(marketplace.events.filter((event) => event.startsWith("refused"))).toEqual(["refused 2"]);
  });
});
