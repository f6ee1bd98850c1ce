import type { ExportContext, FeedPartLimits } from "../types.js";
import type { AmazonMessage } from "./map.js";

/**
 * Messages in one JSON_LISTINGS_FEED. The SP-API changelog of 6 May 2025 and listings-feed-schema-v2.json
 * allow 25,000, while the Feeds API guidance our channel facts quote still says 10,000: a document of
 * 10,000 is taken under either.
 */
export const maxMessagesPerFeed = 10_000;
/** "Keep file size less than 10 MiB (10,485,760 bytes)": Feeds API best practices. */
export const maxFeedBytes = 10 * 1024 * 1024;
/** Room for the header and the brackets around the messages; a 40-character seller id and its locale take about 100 bytes. */
const envelopeBytes = 1024;
/** What a message adds to its item's own JSON: the separator before it and its messageId, at most five digits. */
const messageIdBytes = Buffer.byteLength(`,\n"messageId":${maxMessagesPerFeed},`);

/**
 * The run cuts the feed into documents Amazon accepts: the items' own JSON (UTF-8) within maxBytes leaves
 * room for the envelope and for every message's id and separator. A variation parent and its children
 * stay in one document where they fit, so no document names a parent that only another one creates.
 */
export const amazonFeedParts: FeedPartLimits<AmazonMessage> = {
  maxItems: maxMessagesPerFeed,
  maxBytes: maxFeedBytes - envelopeBytes - maxMessagesPerFeed * messageIdBytes,
  // A parent's SKU is the code its children name; a product without variants is a group of its own.
  groupOf: (message) => message.attributes.child_parent_sku_relationship?.[0]?.parent_sku ?? message.sku,
};

/**
 * One whole feed document: the envelope around the messages it is given, numbered from 1 in the order they
 * arrive, one message per chunk. A document with more messages than Amazon takes would be refused whole, so
 * the render fails instead and the previous snapshot stays in place.
 */
export async function* renderAmazonFeed(items: AsyncIterable<AmazonMessage>, context: ExportContext): AsyncGenerator<string> {
  const header = { sellerId: String(context.options.sellerId), version: "2.0", issueLocale: context.locale };
  yield `{"header":${JSON.stringify(header)},"messages":[`;
  let messageId = 0;
  for await (const item of items) {
    messageId += 1;
    if (messageId > maxMessagesPerFeed)
      throw new Error(`Amazon takes at most ${maxMessagesPerFeed} messages per listings feed, and a part of channel ${context.channel}'s feed has more`);
    yield `${messageId === 1 ? "\n" : ",\n"}${JSON.stringify({ messageId, ...item })}`;
  }
  yield "\n]}\n";
}
