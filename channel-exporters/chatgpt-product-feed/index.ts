import { moneyFromText } from "../shared/fit.js";
import type { Availability, ChannelExporter } from "../types.js";
import { mapChatGptItem, type ChatGptItem } from "./map.js";
import { chatGptOptionsSchema } from "./options.js";
import { renderChatGptLines } from "./render.js";

/** OpenAI's words back in the PIM's; out_of_stock also stands for discontinued, which reads back as out of stock. */
const pimAvailability: Record<string, Availability> = { in_stock: "in_stock", out_of_stock: "out_of_stock", pre_order: "preorder", backorder: "backorder" };

export const chatGptProductFeedExporter: ChannelExporter<ChatGptItem> = {
  code: "chatgpt-product-feed",
  label: "ChatGPT product feed for OpenAI's Agentic Commerce (JSON Lines)",
  contentType: "application/jsonl; charset=utf-8",
  fileExtension: "jsonl",
  itemSchema: "chatgpt-product-feed.item.schema.json",
  optionsSchema: chatGptOptionsSchema,
  itemId: (item) => item.item_id,
  map: mapChatGptItem,
  render: renderChatGptLines,
  customerView: (item) => ({
    title: item.title ?? null,
    description: item.description ?? null,
    price: moneyFromText(item.price),
    salePrice: moneyFromText(item.sale_price),
    availability: pimAvailability[item.availability] ?? null,
    image: item.image_url ?? null,
  }),
};
