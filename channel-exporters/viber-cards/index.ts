import { messengerCardView } from "../shared/messenger-card.js";
import { jsonLines } from "../shared/json-stream.js";
import type { ChannelExporter } from "../types.js";
import { mapViberCard, type ViberCard } from "./map.js";

export const viberCardsExporter: ChannelExporter<ViberCard> = {
  code: "viber-cards",
  label: "Viber product cards for a bot's picture messages (JSON Lines)",
  contentType: "application/x-ndjson; charset=utf-8",
  fileExtension: "jsonl",
  itemSchema: "viber-cards.item.schema.json",
  optionsSchema: { type: "object", additionalProperties: false, properties: {} },
  deltaPulls: true,
  itemId: (card) => card.sku,
  map: mapViberCard,
  render: (cards) => jsonLines(cards),
  customerView: messengerCardView,
};
