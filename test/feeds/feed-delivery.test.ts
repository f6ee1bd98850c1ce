import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Plain node:http, because fetch would undo the gzip this test wants to see. */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

function itemTitles(xml: string): string[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const items = new XMLParser({ isArray: (name) => name === "item" }).parse(xml).rss.channel.item as Array<{ title: string }>;
  return items.map((i) => i.title);
}

describe("feed delivery over HTTP", () => {
  let service: TestService;
  let token: string;
  let feedUrl: string;

  beforeAll(async () => {
    service = await startTestService("feed-delivery", { seedDemo: true, generateFeeds: true });
    const rotated = await service.gql<{ rotateFeedToken: { token: string; pullPath: string } }>(
      `mutation { rotateFeedToken(channel: "google_shopping") { token pullPath } }`,
    );
    expect(rotated.errors).toBeUndefined();
    token = rotated.data.rotateFeedToken.token;
    feedUrl = `${service.url}/feeds/google_shopping`;
    const generated = await service.gql<{ regenerateFeed: { itemsWritten: number } }>(
      `mutation { regenerateFeed(channel: "google_shopping") { itemsWritten } }`,
    );
    expect(generated.data.regenerateFeed.itemsWritten).toBeGreaterThan(50);
  });
  afterAll(() => service?.stop());

  it("refuses a missing token with 401 and a wrong token or unknown channel with the same 404", async () => {
    const missing = await get(feedUrl);
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    const wrong = await get(`${feedUrl}?token=not-the-token`);
    const unknown = await get(`${service.url}/feeds/no_such_channel?token=${token}`);
    const otherChannel = await get(`${service.url}/feeds/meta_shops?token=${token}`);
    expect([wrong.status, unknown.status, otherChannel.status]).toEqual([404, 404, 404]);
    expect(wrong.body.toString()).toBe(unknown.body.toString());
    expect(otherChannel.body.toString()).toBe(unknown.body.toString());
  });

  it("serves the snapshot with its content type, validators and length, by query token or bearer header", async () => {
    const byQuery = await get(`${feedUrl}?token=${token}`);
    const byHeader = await get(feedUrl, { authorization: `Bearer ${token}` });
    expect(byQuery.status).toBe(200);
    expect(byQuery.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(byQuery.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(new Date(String(byQuery.headers["last-modified"])).getTime()).not.toBeNaN();
    expect(Number(byQuery.headers["content-length"])).toBe(byQuery.body.length);
    expect(byHeader.body.equals(byQuery.body)).toBe(true);
    expect(itemTitles(byQuery.body.toString("utf8")).length).toBeGreaterThan(50);
  });

  it("answers conditional requests with 304 and no body", async () => {
    const first = await get(`${feedUrl}?token=${token}`);
    const byEtag = await get(`${feedUrl}?token=${token}`, { "if-none-match": String(first.headers.etag) });
    const byDate = await get(`${feedUrl}?token=${token}`, { "if-modified-since": String(first.headers["last-modified"]) });
    expect([byEtag.status, byDate.status]).toEqual([304, 304]);
    expect(byEtag.body.length).toBe(0);
    const stale = await get(`${feedUrl}?token=${token}`, { "if-none-match": '"0000"' });
    expect(stale.status).toBe(200);
  });

  it("sends gzip when asked, the same feed byte for byte once unpacked", async () => {
    const plain = await get(`${feedUrl}?token=${token}`);
    const zipped = await get(`${feedUrl}?token=${token}`, { "accept-encoding": "gzip, deflate" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    const refused = await get(`${feedUrl}?token=${token}`, { "accept-encoding": "gzip;q=0" });
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });

  it("regenerates shortly after a catalog change, and readers only ever see whole feeds", async () => {
    await shortenDebounce("google_shopping", 0.3);
    const before = await get(`${feedUrl}?token=${token}`);
    const updated = await service.gql(
      `mutation { updateProduct(sku: "CLM-VASE-GLASS-30", changes: { setValues: [{ attribute: "name", locale: "en_US", data: "Hand-blown Glass Vase 30 cm" }] }) { status } }`,
    );
    expect(updated.errors).toBeUndefined();
    const renamed = (titles: string[]) => titles.some((title) => title.startsWith("Hand-blown Glass Vase 30 cm"));
    expect(renamed(itemTitles(before.body.toString("utf8")))).toBe(false);
    let titles: string[] = [];
    for (let attempt = 0; attempt < 100 && !renamed(titles); attempt++) {
      const latest = await get(`${feedUrl}?token=${token}`);
      expect(latest.status).toBe(200);
      titles = itemTitles(latest.body.toString("utf8"));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(renamed(titles)).toBe(true);
  });

  it("stops honouring a token once it is rotated, and reports the last run on the channel", async () => {
    const rotated = await service.gql<{ rotateFeedToken: { token: string } }>(`mutation { rotateFeedToken(channel: "google_shopping") { token } }`);
    expect((await get(`${feedUrl}?token=${token}`)).status).toBe(404);
    expect((await get(`${feedUrl}?token=${rotated.data.rotateFeedToken.token}`)).status).toBe(200);
    const channels = await service.gql<{ channels: Array<{ code: string; lastFeed: { itemsWritten: number; exporter: string } | null }> }>(
      `{ channels { code lastFeed { itemsWritten exporter } } }`,
    );
    const google = channels.data.channels.find((c) => c.code === "google_shopping");
    expect(google?.lastFeed?.exporter).toBe("google-merchant");
  });

  it("sends the mobile app what changed since the sequence of its last full pull, with a cursor for the next one", async () => {
    const mobileToken = (await service.gql<{ rotateFeedToken: { token: string } }>(`mutation { rotateFeedToken(channel: "mobile") { token } }`)).data
      .rotateFeedToken.token;
    const mobileUrl = `${service.url}/feeds/mobile`;
    expect((await get(`${mobileUrl}?since=0`)).status).toBe(401);
    expect((await get(`${mobileUrl}?token=${mobileToken}&since=yesterday`)).status).toBe(400);
    const googleToken = (await service.gql<{ rotateFeedToken: { token: string } }>(`mutation { rotateFeedToken(channel: "google_shopping") { token } }`)).data
      .rotateFeedToken.token;
    expect((await get(`${feedUrl}?token=${googleToken}&since=0`)).status).toBe(400);

    await service.feeds.generate("mobile");
    const full = await get(`${mobileUrl}?token=${mobileToken}`);
    expect(full.status).toBe(200);
    const sequence = Number(full.headers["pim-feed-sequence"]);
    expect(sequence).toBeGreaterThan(0);

    await service.gql(`mutation { deleteProduct(sku: "CLM-LAMP-DESK-LED-BLK") }`);
    await service.catalog.changeLog.settled();
    const delta = await get(`${mobileUrl}?token=${mobileToken}&since=${sequence}`);
    expect(delta.status).toBe(200);
    const changes = JSON.parse(delta.body.toString("utf8")) as {
      nextSince: number;
      resync: boolean;
      changes: Array<{ op: string; id: string; reason?: string }>;
    };
    expect(changes.resync).toBe(false);
    expect(changes.changes).toContainEqual(expect.objectContaining({ op: "delete", id: "CLM-LAMP-DESK-LED-BLK", reason: "deleted" }));
    expect(changes.nextSince).toBeGreaterThan(sequence);

    const nothingNew = JSON.parse((await get(`${mobileUrl}?token=${mobileToken}&since=${changes.nextSince}`)).body.toString("utf8")) as typeof changes;
    expect(nothingNew).toMatchObject({ nextSince: changes.nextSince, changes: [] });
  });

  async function shortenDebounce(code: string, seconds: number): Promise<void> {
    const channel = (await service.catalog.definitions()).channels.get(code);
    if (!channel?.export) throw new Error(`${code} has no export settings`);
    const { labels, locales, currencies, categoryTree } = channel;
    await service.catalog.saveChannel({ code, labels, locales, currencies, categoryTree, export: { ...channel.export, debounceSeconds: seconds } }, "test");
  }
});
