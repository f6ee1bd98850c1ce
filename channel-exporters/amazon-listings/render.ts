import type { ExportContext } from "../types.js";
import type { AmazonMessage } from "./map.js";

/**
 * Amazon takes at most 25,000 messages in one JSON_LISTINGS_FEED (maxItems of listings-feed-schema-v2.json;
 * raised from 10,000 on 6 May 2025 per the SP-API changelog). A longer feed would be refused whole, so the
 * render fails instead and the previous snapshot stays in place.
 */
export const maxMessagesPerFeed = 25_000;

/** The feed envelope, written around messages numbered in the order they arrive; one message per chunk. */
export async function* renderAmazonFeed(items: AsyncIterable<AmazonMessage>, context: ExportContext): AsyncGenerator<string> {
  const header = { sellerId: String(context.options.sellerId), version: "2.0", issueLocale: context.locale };
  yield `{"header":${JSON.stringify(header)},"messages":[`;
  let messageId = 0;
  for await (const item of items) {
    messageId += 1;
    if (messageId > maxMessagesPerFeed)
      throw new Error(
        `Amazon takes at most ${maxMessagesPerFeed} messages per listings feed, and channel ${context.channel} has more; split the channel's products over several channels`,
      );
    yield `${messageId === 1 ? "\n" : ",\n"}${JSON.stringify({ messageId, ...item })}`;
  }
  yield "\n]}\n";
}
