import { createHmac, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../helpers/test-service.js";
import { projectRoot } from "../../src/project-root.js";
import { signWebhook, verifyWebhookSignature } from "../../src/webhooks/signature.js";
import { createSubscription, minimalCatalog, setStock } from "./fixtures.js";
import { eventually } from "../helpers/eventually.js";
import { TestReceiver, type ReceivedRequest } from "./receiver.js";

/**
 * A receiver's check written from docs/webhooks.md alone: split the header on commas into key=value
 * pairs, HMAC-SHA256 "<t>.<raw body>" with the secret, compare in constant time to a v1, and refuse a
 * t more than five minutes from now.
 */
function receiverAccepts(secret: string, rawBody: string, header: string, nowSeconds: number): boolean {
  const pairs = header.split(",").map((part) => [part.slice(0, part.indexOf("=")), part.slice(part.indexOf("=") + 1)] as const);
  const t = pairs.find(([key]) => key === "t")?.[1];
  if (!t || !/^\d+$/.test(t) || Math.abs(nowSeconds - Number(t)) > 300) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex"));
  return pairs.some(([key, value]) => key === "v1" && value.length === expected.length && timingSafeEqual(Buffer.from(value), expected));
}

let service: TestService;
let receiver: TestReceiver;
let subscriptionId: string;
let secret: string;
let delivery: ReceivedRequest;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const signedAt = (request: ReceivedRequest) => Number(/t=(\d+)/.exec(String(request.headers["pim-signature"]))![1]);

beforeAll(async () => {
  service = await startTestService("webhooks-signature");
  await minimalCatalog(service, ["SIG-1"]);
  receiver = await new TestReceiver().start();
  ({
    secret,
    subscription: { id: subscriptionId },
  } = await createSubscription(service, { url: receiver.url, eventTypes: ["offer.*"] }));
  await setStock(service, [{ sku: "SIG-1", location: "main", onHand: 2 }]);
  delivery = await eventually("the first delivery", () => receiver.requests[0]);
});
afterAll(async () => {
  await receiver?.stop();
  await service?.stop();
});

describe("webhook signatures", () => {
  it("sends a signed JSON POST that the documented algorithm accepts", () => {
    expect(delivery.method).toBe("POST");
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["pim-delivery-id"]).toBe(delivery.body.deliveryId);
    expect(delivery.body.events.map((e) => [e.type, e.subject])).toEqual([["offer.stock_changed", "SIG-1"]]);
    expect(String(delivery.headers["pim-signature"])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(receiverAccepts(secret, delivery.rawBody, String(delivery.headers["pim-signature"]), nowSeconds())).toBe(true);
  });

  it("lets the receiver detect another secret, a tampered body and a stale timestamp", () => {
    const header = String(delivery.headers["pim-signature"]);
    const t = signedAt(delivery);
    expect(receiverAccepts(`${secret}x`, delivery.rawBody, header, t)).toBe(false);
    const tampered = delivery.rawBody.replace('"onHand":2', '"onHand":200');
    expect(tampered).not.toBe(delivery.rawBody);
    expect(receiverAccepts(secret, tampered, header, t)).toBe(false);
    expect(receiverAccepts(secret, delivery.rawBody, header, t + 301)).toBe(false);
    expect(receiverAccepts(secret, delivery.rawBody, header, t + 300)).toBe(true);
  });

  it("ships a verifier that agrees with the documented algorithm", () => {
    const header = String(delivery.headers["pim-signature"]);
    const t = signedAt(delivery);
    expect(signWebhook(secret, delivery.rawBody, t)).toBe(header);
    expect(verifyWebhookSignature(secret, delivery.rawBody, header, 300, t)).toEqual({ valid: true, timestamp: t });
    expect(verifyWebhookSignature(secret, Buffer.from(delivery.rawBody), header, 300, t).valid).toBe(true);
    expect(verifyWebhookSignature("whsec_other", delivery.rawBody, header, 300, t)).toEqual({ valid: false, reason: "mismatch" });
    expect(verifyWebhookSignature(secret, `${delivery.rawBody} `, header, 300, t)).toEqual({ valid: false, reason: "mismatch" });
    expect(verifyWebhookSignature(secret, delivery.rawBody, header, 300, t - 301)).toEqual({ valid: false, reason: "stale" });
    expect(verifyWebhookSignature(secret, delivery.rawBody, "v1=abc", 300, t)).toEqual({ valid: false, reason: "malformed" });
    // During a rotation a sender may list several v1 signatures; one match is enough.
    expect(verifyWebhookSignature(secret, delivery.rawBody, `t=${t},v1=${"0".repeat(64)},${header.split(",")[1]}`, 300, t).valid).toBe(true);
  });

  it("has a worked example in docs/webhooks.md that the documented algorithm reproduces", async () => {
    const docs = await readFile(join(projectRoot, "docs", "webhooks.md"), "utf8");
    const example =
      /with the secret\s+```text\n(.+)\n```[\s\S]*?timestamp `(\d+)` and the raw body\s+```json\n(.+)\n```[\s\S]*?the header is\s+```text\n(.+)\n```/.exec(
        docs,
      );
    expect(example).not.toBeNull();
    const [, exampleSecret, t, body, header] = example!;
    expect(receiverAccepts(exampleSecret!, body!, header!, Number(t))).toBe(true);
    expect(signWebhook(exampleSecret!, body!, Number(t))).toBe(header);
  });

  it("signs with the new secret at once after a rotation", async () => {
    const rotated = await service.gql<{ rotateWebhookSecret: { secret: string; subscription: { id: string } } }>(
      `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret subscription { id } } }`,
      { id: subscriptionId },
    );
    expect(rotated.errors).toBeUndefined();
    const newSecret = rotated.data.rotateWebhookSecret.secret;
    expect(newSecret).not.toBe(secret);
    await setStock(service, [{ sku: "SIG-1", location: "main", onHand: 3 }]);
    const next = await eventually("the delivery after the rotation", () => receiver.requests[1]);
    const header = String(next.headers["pim-signature"]);
    expect(receiverAccepts(newSecret, next.rawBody, header, nowSeconds())).toBe(true);
    expect(receiverAccepts(secret, next.rawBody, header, nowSeconds())).toBe(false);
  });
});
