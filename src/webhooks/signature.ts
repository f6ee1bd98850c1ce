import { createHmac, timingSafeEqual } from "node:crypto";

export const signatureHeader = "PIM-Signature";
export const deliveryIdHeader = "PIM-Delivery-Id";
/** How far a receiver should let the signed time drift from its clock, either way. */
export const defaultToleranceSeconds = 300;

function hmacHex(secret: string, body: string | Buffer, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.`, "utf8").update(body).digest("hex");
}

/** The `PIM-Signature` header value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, body, timestamp)}`;
}

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: "malformed" | "mismatch" | "stale" };

/**
 * Checks a delivery the way docs/webhooks.md tells receivers to: HMAC-SHA256 over "<t>.<raw body>",
 * compared in constant time against every v1 in the header, and the signed time within the tolerance
 * of `now` (unix seconds) so that a captured request cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | null | undefined,
  toleranceSeconds = defaultToleranceSeconds,
  now = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!header) return { valid: false, reason: "malformed" };
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const separator = part.indexOf("=");
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === undefined || candidates.length === 0) return { valid: false, reason: "malformed" };
  const expected = Buffer.from(hmacHex(secret, rawBody, timestamp), "hex");
  // Every candidate is compared, so the time taken does not tell which one (if any) came close.
  const matched = candidates.map((candidate) => timingSafeEqual(expected, Buffer.from(candidate, "hex"))).includes(true);
  if (!matched) return { valid: false, reason: "mismatch" };
  if (Math.abs(now - timestamp) > toleranceSeconds) return { valid: false, reason: "stale" };
  return { valid: true, timestamp };
}
