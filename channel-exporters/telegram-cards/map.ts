import type { ChannelProduct, MapContext } from "../types.js";
import { type CardMarkup, type MessengerCard, mapMessengerCard } from "../shared/messenger-card.js";
import { htmlText } from "../shared/text-safety.js";

export type TelegramParseMode = "MarkdownV2" | "HTML";

/** A card for sendPhoto: `text` is the caption, `parseMode` its parse_mode, `imageUrl` the photo, `buttons` an inline keyboard. */
export interface TelegramCard extends MessengerCard {
  parseMode: TelegramParseMode;
}

export const telegramOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    parseMode: { enum: ["MarkdownV2", "HTML"], description: "The caption's parse_mode (HTML when absent)." },
  },
} as const;

/** Everything MarkdownV2 reads as markup outside an entity; a backslash before any of them shows it as is (core.telegram.org/bots/api#markdownv2-style). */
const markdownV2Special = /[_*[\]()~`>#+\-=|{}.!\\]/g;

const markups: Record<TelegramParseMode, CardMarkup> = {
  MarkdownV2: {
    text: (text) => text.replace(markdownV2Special, "\\$&"),
    bold: (markup) => `*${markup}*`,
    strike: (markup) => `~${markup}~`,
    // Inside a link's (…) only ")" and "\" are special.
    link: (markup, href) => `[${markup}](${href.replace(/[)\\]/g, "\\$&")})`,
  },
  // Telegram's HTML knows only the entities &lt; &gt; &amp; &quot; and a handful of tags.
  HTML: {
    text: htmlText,
    bold: (markup) => `<b>${markup}</b>`,
    strike: (markup) => `<s>${markup}</s>`,
    link: (markup, href) => `<a href="${htmlText(href).replace(/"/g, "&quot;")}">${markup}</a>`,
  },
};

/** sendPhoto's caption: "0-1024 characters after entities parsing" (core.telegram.org/bots/api#sendphoto). */
const telegramCaptionLimit = 1024;

export function mapTelegramCard(product: ChannelProduct, context: MapContext): TelegramCard[] {
  const parseMode: TelegramParseMode = context.options.parseMode === "MarkdownV2" ? "MarkdownV2" : "HTML";
  const spec = {
    messenger: "telegram",
    name: "Telegram",
    maxLength: telegramCaptionLimit,
    markup: markups[parseMode],
    strikethrough: true,
    labelledLinks: true,
  } as const;
  return mapMessengerCard(product, context, spec).map((card) => ({ ...card, parseMode }));
}
