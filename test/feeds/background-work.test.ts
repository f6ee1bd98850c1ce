import { EventEmitter } from "node:events";
import { rm, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { requestDeadline } from "../../src/protection/request-deadline.js";
import { ExportRun } from "../../src/feeds/export-run.js";
import { writeFeed } from "../../src/feeds/write-feed.js";
import { eventually } from "../helpers/eventually.js";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { demoFeedChannels } from "../helpers/demo-feeds.js";

/**
 * Work a request starts but must not own: change events, feed runs, promotion boundaries. Every request
 * here lives 1 s and every channel waits 2 s of quiet before a run, so a run that kept the request's
 * deadline would fail; before this was fixed, each case below never reached the feed.
 */
const requestTimeoutMs = 1000;
const quietSeconds = 2;
const xml = new XMLParser({ isArray: (name) => name === "item" });

/** Runs `work` as if inside a GraphQL request whose deadline has already passed. */
function inExpiredRequest(work: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const res = Object.assign(new EventEmitter(), { headersSent: true, locals: {} });
    requestDeadline(1, () => undefined)({ id: "expired" } as never, res as never, () => {
      setTimeout(() => work().then(resolve, reject), 20);
    });
  });
}

describe("background work outlives the request that started it", () => {
  let service: TestService;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    service = await startTestService("background-work", { seedDemo: true, generateFeeds: true, protection: { requestTimeoutMs } });
    for (const channel of (await service.catalog.definitions()).channels.values()) {
      if (!channel.export) continue;
      const { code, labels, locales, currencies, categoryTree } = channel;
      await service.catalog.saveChannel(
        { code, labels, locales, currencies, categoryTree, export: { ...channel.export, debounceSeconds: quietSeconds } },
        "test",
      );
      const rotated = await service.gql<{ rotateFeedToken: { token: string } }>(`mutation($c: String!) { rotateFeedToken(channel: $c) { token } }`, {
        c: channel.code,
      });
      tokens.set(channel.code, rotated.data.rotateFeedToken.token);
    }
  });
  afterAll(() => service?.stop());

  async function feed(channel: string): Promise<string> {
    const response = await service.requestAs(null, `/feeds/${channel}?token=${tokens.get(channel)}`);
    expect(response.status).toBe(200);
    return response.text();
  }
  const googleItem = async (sku: string) =>
    (xml.parse(await feed("google_shopping")).rss.channel.item as Array<Record<string, string>>).find((i) => i["g:id"] === sku);
  const mobileItem = async (sku: string) =>
    (JSON.parse(await feed("mobile")) as { products: Array<{ id: string; quantity: number }> }).products.find((p) => p.id === sku);

  async function setStock(updates: Array<{ sku: string; location: string; onHand: number }>): Promise<void> {
    const answer = await service.gql(`mutation($u: [StockUpdateInput!]!) { setStock(updates: $u) { updated } }`, { u: updates });
    expect(answer.errors).toBeUndefined();
  }

  it("publishes the events of a write whose request ran out of time, and the events after it", async () => {
    const { changeLog } = service.catalog;
    const before = await changeLog.safeSequence();
    await inExpiredRequest(() => changeLog.around({ type: "product.changed", subjects: ["NV-CREW-NAVY-S"] }, async () => undefined));
    await changeLog.around({ type: "product.changed", subjects: ["NV-CREW-NAVY-M"] }, async () => undefined);
    const published = await eventually(
      "publishing",
      async () => {
        const events = await changeLog.read(before, 100);
        return events.some((e) => e.subject === "NV-CREW-NAVY-M") ? events : undefined;
      },
      10_000,
      100,
    );
    expect(published.map((e) => e.subject)).toEqual(expect.arrayContaining(["NV-CREW-NAVY-S", "NV-CREW-NAVY-M"]));
    expect((await changeLog.unpublished()).entries).toBe(0);
  });

  it("serves a stock change in the feed after the request that made it has ended", async () => {
    const sku = "HCO-KNIFE-CHEF-20";
    expect((await googleItem(sku))?.["g:availability"]).toBe("in_stock");
    const locations = [...(await service.catalog.definitions()).stockLocations.keys()];
    await setStock(locations.map((location) => ({ sku, location, onHand: 0 })));
    await eventually(
      "out_of_stock in the Google feed",
      async () => ((await googleItem(sku))?.["g:availability"] === "out_of_stock" ? true : undefined),
      20_000,
      250,
    );
  });

  it("ends a burst of stock changes with the last one in the feed", async () => {
    const sku = "CLM-CLOCK-WALL-OAK";
    const locations = [...(await service.catalog.definitions()).stockLocations.keys()];
    await setStock(locations.map((location) => ({ sku, location, onHand: 0 })));
    for (let onHand = 1; onHand <= 11; onHand++) {
      await setStock([{ sku, location: "main_warehouse", onHand }]);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await eventually("quantity 11 in the mobile feed", async () => ((await mobileItem(sku))?.quantity === 11 ? true : undefined), 20_000, 250);
  });

  it("puts a promotion in every feed when it starts and takes it out when it ends", async () => {
    const sku = "CLM-LAMP-DESK-LED-BLK";
    const startsAt = new Date(Date.now() + 5_000);
    const endsAt = new Date(startsAt.getTime() + 6_000);
    const saved = await service.gql(`mutation($input: PromotionInput!) { savePromotion(input: $input) { code } }`, {
      input: {
        code: "flash_sale",
        name: "Flash sale",
        discount: { type: "PERCENT", percent: "25" },
        target: { skus: [sku] },
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
      },
    });
    expect(saved.errors).toBeUndefined();
    await eventually(
      "the sale price in the Google feed",
      async () => ((await googleItem(sku))?.["g:sale_price"] === "56.99 USD" ? true : undefined),
      20_000,
      250,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(startsAt.getTime());
    await eventually(
      "the sale price gone from the Google feed",
      async () => ((await googleItem(sku))?.["g:sale_price"] === undefined ? true : undefined),
      20_000,
      250,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt.getTime());
  });

  it("retries a failed feed run, says so in the channel's feed status, and catches up once it can", async () => {
    const folder = join(service.dataDir, "feeds", "meta_shops");
    await rm(folder, { recursive: true, force: true });
    await writeFile(folder, "not a folder");
    try {
      await setStock([{ sku: "HCO-KNIFE-CHEF-20", location: "main_warehouse", onHand: 7 }]);
      const failing = await eventually(
        "a failed run in the status",
        async () => {
          const { data } = await service.gql<{
            channel: { feedStatus: { state: string; failedAttempts: number; lastError: string | null; nextRunAt: string | null } };
          }>(`{ channel(code: "meta_shops") { feedStatus { state failedAttempts lastError nextRunAt } } }`);
          return data.channel.feedStatus.failedAttempts > 0 ? data.channel.feedStatus : undefined;
        },
        20_000,
        100,
      );
      expect(failing.state).toMatch(/RETRYING|RUNNING/);
      expect(failing.lastError).toBeTruthy();
    } finally {
      await rm(folder, { force: true });
      await mkdir(folder);
    }
    const recovered = await eventually(
      "the feed caught up",
      async () => {
        const { data } = await service.gql<{
          channel: { feedStatus: { failedAttempts: number; lastError: string | null; behindBy: { events: number }; stale: boolean } };
        }>(`{ channel(code: "meta_shops") { feedStatus { failedAttempts lastError stale behindBy { events } } } }`);
        const status = data.channel.feedStatus;
        return status.failedAttempts === 0 && status.behindBy.events === 0 ? status : undefined;
      },
      30_000,
      250,
    );
    expect(recovered).toMatchObject({ lastError: null, stale: false });
  });

  it("stops a feed run whose signal aborts (a run's own time limit), writing nothing more", async () => {
    const run = await ExportRun.prepare("google_shopping", service.catalog);
    let written = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        done();
      },
    });
    await expect(writeFeed(run, service.catalog.read, () => sink, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    expect(written).toBe(0);
  });

  it("shows every feed's lag and the queues' depth to admins at GET /status", async () => {
    const response = await service.request("/status");
    expect(response.status).toBe(200);
    const status = (await response.json()) as {
      feeds: Array<{ channel: string; sequence: number | null; behindBy: { events: number } }>;
      changeEvents: { publishedThrough: number; unpublished: { entries: number } };
      completenessRefreshes: { pending: number };
    };
    expect(status.feeds.map((f) => f.channel).sort()).toEqual(demoFeedChannels);
    expect(status.feeds.every((f) => typeof f.sequence === "number")).toBe(true);
    expect(status.changeEvents.publishedThrough).toBeGreaterThan(0);
    expect(status.completenessRefreshes.pending).toBeGreaterThanOrEqual(0);
    expect((await service.requestAs(null, "/status")).status).toBe(401);
  });
});
