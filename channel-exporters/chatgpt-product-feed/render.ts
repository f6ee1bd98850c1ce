import { jsonLines } from "../shared/json-stream.js";
import type { ExportContext } from "../types.js";
import type { ChatGptItem } from "./map.js";

/**
 * JSON Lines, of the formats OpenAI takes (CSV, TSV, JSON Lines): each product is a line of its own that
 * parses alone, so one bad record cannot shift or break the others, and the feed streams without a
 * header fixed in advance; values keep their types (the flags are booleans, target_countries and
 * additional_image_urls lists, variant_dict an object) where a delimited cell would need a quoting
 * and list convention, and a description's line breaks stay escaped inside its line.
 */
export function renderChatGptLines(items: AsyncIterable<ChatGptItem>, _context: ExportContext): AsyncGenerator<string> {
  return jsonLines(items);
}
