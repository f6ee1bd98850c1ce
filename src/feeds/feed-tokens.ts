import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { FeedModels } from "./feed-models.js";

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/** A new secret for a channel's pull URL; it replaces the old one at once and is returned only here. */
export async function issueFeedToken(models: FeedModels, channel: string): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await models.tokens.replaceOne({ _id: channel }, { hash: digest(token).toString("hex"), createdAt: new Date() }, { upsert: true });
  return token;
}

/** Compares in constant time, and the same way whether or not the channel has a token at all. */
export async function feedTokenMatches(models: FeedModels, channel: string, token: string): Promise<boolean> {
  const stored = await models.tokens.findById(channel, { hash: 1 }).lean();
  const expected = Buffer.from(stored?.hash ?? "0".repeat(64), "hex");
  return timingSafeEqual(expected, digest(token)) && stored !== null;
}
