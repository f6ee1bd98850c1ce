import { messengerCardView } from "../shared/messenger-card.js";
import { jsonLines } from "../shared/json-stream.js";
import type { ChannelExporter } from "../types.js";
import { mapTelegramCard, type TelegramCard, telegramOptionsSchema } from "./map.js";

export const telegramCardsExporter: ChannelExporter<TelegramCard> = {
  code: "telegram-cards",
  label: "Telegram product cards for a bot's sendPhoto (JSON Lines)",
  contentType: "application/x-ndjson; charset=utf-8",
  fileExtension: "jsonl",
  itemSchema: "telegram-cards.item.schema.json",
  optionsSchema: telegramOptionsSchema,
  deltaPulls: true,
  itemId: (card) => card.sku,
  map: mapTelegramCard,
  render: (cards) => jsonLines(cards),
  customerView: messengerCardView,
};
