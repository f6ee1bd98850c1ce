import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { createSubscription, deleteSubscription, deliveriesOf, minimalCatalog, replay, setStock } from "./fixtures.js";
import { eventually } from "../helpers/eventually.js";
import { TestReceiver } from "./receiver.js";

const maxAttempts = 4;
let service: TestService;
const receivers: TestReceiver[] = [];
const subscriptions: string[] = [];

beforeAll(async () => {
  service = await startTestService("webhooks-delivery", { webhooks: { maxAttempts, retryBaseDelayMs: 10, timeoutMs: 5_000 } });
  await minimalCatalog(service, ["HOOK-A", "HOOK-B", "HOOK-C", "HOOK-D", "HOOK-E"]);
});
afterEach(async () => {
  for (const id of subscriptions.splice(0)) await deleteSubscription(service, id);
  for (const receiver of receivers.splice(0)) await receiver.stop();
});
afterAll(async () => service?.stop());

async function receiverAndSubscription(input: Record<string, unknown>) {
  const receiver = await new TestReceiver().start();
  receivers.push(receiver);
  const created = await createSubscription(service, { url: receiver.url, ...input });
  subscriptions.push(created.subscription.id);
  return { receiver, subscription: created.subscription };
}

describe("webhook deliveries", () => {
  it("retries a receiver that fails twice, which then holds the event exactly once, and logs the three attempts", async () => {
    const { receiver, subscription } = await receiverAndSubscription({ eventTypes: ["offer.*"] });
    receiver.answer = (index) => (index < 2 ? 500 : 200);
    await setStock(service, [{ sku: "HOOK-A", location: "main", onHand: 3 }]);

    const [delivery] = await eventually("the delivery to be logged as delivered", async () => {
      const logged = await deliveriesOf(service, subscription.id, "DELIVERED");
      return logged.length ? logged : undefined;
    });
    expect(receiver.requests.map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(new Set(receiver.requests.map((r) => r.headers["pim-delivery-id"]))).toEqual(new Set([delivery!.id]));
    expect(new Set(receiver.requests.map((r) => r.rawBody)).size).toBe(1);
    const accepted = receiver.acceptedEvents();
    expect(accepted.map((e) => [e.type, e.subject])).toEqual([["offer.stock_changed", "HOOK-A"]]);
    expect(delivery!.eventIds).toEqual([accepted[0]!.id]);
    expect(delivery!.attempts.map((a) => [a.httpStatus, a.replay])).toEqual([
      [500, false],
      [500, false],
      [200, false],
    ]);
    expect(delivery!.attempts[0]!.error).toBe("HTTP 500");
    expect(await deliveriesOf(service, subscription.id)).toHaveLength(1);
  });

  it("parks a delivery after the last attempt, goes on with later events, and replays the parked one once the receiver is back", async () => {
    const { receiver, subscription } = await receiverAndSubscription({ eventTypes: ["offer.stock_changed"] });
    receiver.answer = () => 503;
    await setStock(service, [{ sku: "HOOK-B", location: "main", onHand: 1 }]);
    const [parked] = await eventually("the delivery to be parked", async () => {
      const logged = await deliveriesOf(service, subscription.id, "PARKED");
      return logged.length ? logged : undefined;
    });
    expect(parked!.attempts.map((a) => a.httpStatus)).toEqual(Array(maxAttempts).fill(503));
    expect(receiver.requests).toHaveLength(maxAttempts);

    receiver.answer = () => 200;
    await setStock(service, [{ sku: "HOOK-C", location: "main", onHand: 2 }]);
    await eventually("the later event to arrive", () => (receiver.acceptedEvents().some((e) => e.subject === "HOOK-C") ? true : undefined));
    expect(receiver.acceptedEvents().map((e) => e.subject)).toEqual(["HOOK-C"]);

    const replayed = await replay(service, parked!.id);
    expect(replayed.errors).toBeUndefined();
    expect(replayed.data.replayWebhookDelivery.status).toBe("DELIVERED");
    expect(replayed.data.replayWebhookDelivery.attempts.map((a) => [a.httpStatus, a.replay])).toEqual([...Array(maxAttempts).fill([503, false]), [200, true]]);
    const last = receiver.requests.at(-1)!;
    expect(last.headers["pim-delivery-id"]).toBe(parked!.id);
    expect(last.rawBody).toBe(parked!.body);
    expect(
      receiver
        .acceptedEvents()
        .map((e) => e.subject)
        .sort(),
    ).toEqual(["HOOK-B", "HOOK-C"]);
    expect((await deliveriesOf(service, subscription.id, "PARKED")).map((d) => d.id)).toEqual([]);
  });

  it("replays every parked delivery of a subscription in one call, as a background job, oldest first", async () => {
    const { receiver, subscription } = await receiverAndSubscription({ eventTypes: ["offer.stock_changed"] });
    receiver.answer = () => 503;
    for (const [sku, onHand] of [
      ["HOOK-D", 1],
      ["HOOK-E", 2],
    ] as const) {
      await setStock(service, [{ sku, location: "main", onHand }]);
      await eventually(`${sku}'s delivery to be parked`, async () =>
        (await deliveriesOf(service, subscription.id, "PARKED")).some((d) => d.body.includes(sku)) ? true : undefined,
      );
    }
    receiver.answer = () => 200;
    const started = await service.gql<{ replayWebhookDeliveries: { name: string; state: string } }>(
      `mutation($s: ID!) { replayWebhookDeliveries(subscription: $s) { name state } }`,
      { s: subscription.id },
    );
    expect(started.errors).toBeUndefined();
    expect(started.data.replayWebhookDeliveries.name).toBe("webhook.replay");
    await eventually("no parked delivery left", async () => ((await deliveriesOf(service, subscription.id, "PARKED")).length === 0 ? true : undefined));
    expect(receiver.acceptedEvents().map((e) => e.subject)).toEqual(["HOOK-D", "HOOK-E"]);
    const [job] = (
      await service.gql<{ backgroundJobs: Array<{ data: { subscription: string }; failedAttempts: number }> }>(
        `{ backgroundJobs(name: "webhook.replay") { data failedAttempts } }`,
      )
    ).data.backgroundJobs.filter((j) => j.data.subscription === subscription.id);
    expect(job?.failedAttempts).toBe(0);
  });

  it("sends a product sold out through setStock with availability out_of_stock", async () => {
    const { receiver } = await receiverAndSubscription({ eventTypes: ["offer.stock_changed"] });
    await setStock(service, [{ sku: "HOOK-D", location: "main", onHand: 4 }]);
    await setStock(service, [{ sku: "HOOK-D", location: "main", onHand: 0 }]);
    const events = await eventually("both stock changes to arrive", () => {
      const received = receiver.acceptedEvents().filter((e) => e.subject === "HOOK-D");
      return received.length === 2 ? received : undefined;
    });
    const [restocked, soldOut] = events.sort((a, b) => a.sequence - b.sequence);
    expect(restocked!.data).toMatchObject({ sku: "HOOK-D", availability: "in_stock", sellableQuantity: 4 });
    expect(soldOut!.data).toMatchObject({ sku: "HOOK-D", availability: "out_of_stock", sellableQuantity: 0, stock: [{ location: "main", onHand: 0 }] });
  });

  it("sends only the event types and channels subscribed to, and nothing from before the subscription", async () => {
    const enable = (enabled: boolean) =>
      service.gql(`mutation($enabled: Boolean) { updateProduct(sku: "HOOK-E", changes: { enabled: $enabled }) { status } }`, { enabled });
    const promotion = (code: string, channels: string[]) =>
      service.catalog.savePromotion(
        {
          code,
          name: code,
          discount: { type: "percent", percent: "10" },
          target: { skus: ["HOOK-E"] },
          startsAt: "2030-01-01T00:00:00Z",
          endsAt: "2030-02-01T00:00:00Z",
          channels,
        },
        "test",
      );
    await service.catalog.saveChannel({ code: "shop", locales: ["en_US"], currencies: ["EUR"], categoryTree: "master" }, "test");
    // A new promotion's event is for every channel; an update names the channels before and after.
    for (const [code, channels] of [
      ["shop-sale", ["shop"]],
      ["web-sale", ["web", "shop"]],
      ["everywhere-sale", []],
    ] as const)
      await promotion(code, [...channels]);
    const before = await service.catalog.changeLog.safeSequence();
    expect((await enable(false)).errors).toBeUndefined();
    // Events are published just after the write answers; a subscription created before that would still get this one.
    await eventually("the earlier change to be published", async () =>
      (await service.catalog.changeLog.read(before, 100)).some((e) => e.type === "product.changed") ? true : undefined,
    );
    const { receiver } = await receiverAndSubscription({ eventTypes: ["promotion.*", "product.changed"], channels: ["web"] });
    await promotion("shop-sale", ["shop"]);
    await setStock(service, [{ sku: "HOOK-E", location: "main", onHand: 8 }]);
    await promotion("web-sale", ["web", "shop"]);
    await promotion("everywhere-sale", []);
    expect((await enable(true)).errors).toBeUndefined();
    const received = await eventually("the product change, the last event, to arrive", () => {
      const events = receiver.acceptedEvents();
      return events.some((e) => e.type === "product.changed") ? events : undefined;
    });
    expect(received.map((e) => [e.type, e.subject, e.channels])).toEqual([
      ["promotion.changed", "web-sale", ["web", "shop"]],
      ["promotion.changed", "everywhere-sale", []],
      ["product.changed", "HOOK-E", []],
    ]);
    expect(received[2]!.data).toMatchObject({ sku: "HOOK-E", enabled: true });
  });

  it("names the field and the reason when a subscription is refused", async () => {
    const badScheme = await service.gql(`mutation { createWebhookSubscription(input: { url: "ftp://example.com/hook", eventTypes: ["offer.*"] }) { secret } }`);
    expect(badScheme.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", problems: [expect.objectContaining({ path: ["url"] })] });

    const refused = await service.gql(
      `mutation { createWebhookSubscription(input: { url: "https://user:pw@example.com/hook", eventTypes: ["offer.changed", "stock.*", "product.changed"], channels: ["web", "ghost"] }) { secret } }`,
    );
    const problems = refused.errors?.[0]?.extensions?.problems as Array<{ path: string[]; message: string }>;
    expect(problems.map((p) => p.path)).toEqual([["url"], ["eventTypes", "0"], ["eventTypes", "1"], ["channels", "1"]]);
    expect(problems[1]!.message).toContain("offer.changed is not an event type");
    expect(problems[3]!.message).toContain("channel ghost does not exist");
    expect((await service.gql<{ webhookSubscriptions: unknown[] }>(`{ webhookSubscriptions { id } }`)).data.webhookSubscriptions).toEqual([]);

    const unknownSubscription = await service.gql(`{ webhookDeliveries(subscription: "nope") { id } }`);
    expect(unknownSubscription.errors?.[0]?.extensions).toMatchObject({
      code: "NOT_FOUND",
      problems: [{ path: ["subscription"], message: "webhook subscription nope does not exist" }],
    });
    const missing = await replay(service, "no-such-delivery");
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: "NOT_FOUND",
      problems: [{ path: ["id"], message: "webhook delivery no-such-delivery does not exist" }],
    });
  });

  it("starts a new subscription at the end of the change log and lets it be paused and changed", async () => {
    const { receiver, subscription } = await receiverAndSubscription({ eventTypes: ["offer.stock_changed"] });
    expect(subscription.cursor).toBe(await service.catalog.changeLog.safeSequence());
    const paused = await service.gql<{ updateWebhookSubscription: { active: boolean; eventTypes: string[] } }>(
      `mutation($id: ID!) { updateWebhookSubscription(id: $id, changes: { active: false, eventTypes: ["offer.*"] }) { active eventTypes } }`,
      { id: subscription.id },
    );
    expect(paused.data.updateWebhookSubscription).toEqual({ active: false, eventTypes: ["offer.*"] });
    await setStock(service, [{ sku: "HOOK-A", location: "main", onHand: 11 }]);
    const resumed = await service.gql(`mutation($id: ID!) { updateWebhookSubscription(id: $id, changes: { active: true }) { active } }`, {
      id: subscription.id,
    });
    expect(resumed.errors).toBeUndefined();
    // Paused, it kept its cursor: the change made meanwhile arrives once it is active again.
    await eventually("the change made while paused", () => (receiver.acceptedEvents().some((e) => e.subject === "HOOK-A") ? true : undefined));
    const badUpdate = await service.gql(`mutation($id: ID!) { updateWebhookSubscription(id: $id, changes: { eventTypes: [] }) { active } }`, {
      id: subscription.id,
    });
    expect(badUpdate.errors?.[0]?.extensions?.problems).toEqual([expect.objectContaining({ path: ["eventTypes"] })]);
  });
});
