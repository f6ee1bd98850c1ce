import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import type { Availability, ChannelProduct, CustomerView, MapContext, Money } from "../types.js";
import { cardWordsFor, fallbackCardWords, fillWords, type CardWords } from "./card-words.js";
import { availabilityDateOf, effectiveSalePrice, lastSaleDay, withoutEmpty } from "./fit.js";
import { asciiUrl, plainText, truncateAtWord } from "./text-safety.js";

/**
 * A product card for a messenger without a catalog (Telegram, Viber): one picture with a caption a bot
 * sends as it is. The caption says the title, the description, the price with the sale and its last day,
 * the availability and the link, in the channel's language; the same facts also come as fields, so a bot
 * can build its own message and the consistency report can read them back. Telegram and Viber are two
 * exporters over this one module, since a channel's image preset is chosen by its exporter and each
 * messenger has its own caption limit, markup and item schema.
 */
export interface MessengerCard {
  sku: string;
  messenger: "telegram" | "viber";
  /** The channel's catalog locale, e.g. ru_RU; the caption is in its language and number format. */
  locale: string;
  /** The caption in the messenger's markup. */
  text: string;
  /** The caption's length as the messenger counts it: UTF-16 code units of the text a user sees. */
  textLength: number;
  /** The title and description as the caption shows them (a description cut to fit ends with "…"). */
  title?: string;
  description?: string;
  imageUrl?: string;
  link?: string;
  /** One button leading to the product page (Telegram's inline keyboard, a Viber keyboard's open-url button). */
  buttons: Array<{ text: string; url: string }>;
  price?: Money;
  salePrice?: Money;
  /** The promotion behind the sale price, as the retailer wrote it. */
  saleWindow?: { startsAt: string; endsAt: string };
  availability: Availability;
  /** When a preorder or backorder ships. */
  availabilityDate?: string;
}

/** A run of caption text: shown as is, bold, struck through, or as a link's label. */
export interface CardSpan {
  text: string;
  bold?: boolean;
  strike?: boolean;
  href?: string;
}

/** How one messenger's markup writes a span; `text` escapes what the markup would otherwise read as markup. */
export interface CardMarkup {
  text(text: string): string;
  bold(markup: string): string;
  strike(markup: string): string;
  link(markup: string, href: string): string;
}

export interface MessengerSpec {
  messenger: MessengerCard["messenger"];
  /** The messenger's name for warnings. */
  name: string;
  /** The caption limit in UTF-16 code units of visible text. */
  maxLength: number;
  markup: CardMarkup;
  /** False where the markup cannot strike the old price through: the sale price then says "instead of" it. */
  strikethrough: boolean;
  /** True where a link can hide behind a label; a plain caption shows the address itself. */
  labelledLinks: boolean;
  /** The file extension a picture URL must end in for the messenger to take it (Viber's), if any. */
  imageExtension?: string;
}

type CardLine = CardSpan[];

/** A title or description cut to fewer characters than this says nothing useful: the card leaves it out instead. */
const shortestUsefulText = 40;
const ellipsis = "…";

export function mapMessengerCard(product: ChannelProduct, context: MapContext, spec: MessengerSpec): MessengerCard[] {
  const words = wordsFor(context);
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const offer: CardOffer = {
    price,
    salePrice,
    saleWindow: salePrice ? product.offer.saleWindow : null,
    availability: availabilityOf(product),
    availabilityDate: availabilityDateOf(product),
  };
  const rawLink = textField(product, "link");
  const link = rawLink ? asciiUrl(rawLink) : null;
  const [mainImage] = listField(product, "images").map(asciiUrl);
  // Only this service's own rendition URLs are also served under a name with the extension.
  const ownRendition = mainImage?.startsWith(context.settings.mediaBaseUrl);
  const image = mainImage && spec.imageExtension && ownRendition ? `${mainImage}.${spec.imageExtension}` : mainImage;

  const facts = factLines(offer, link, spec, words, context.languageTag);
  const factsLength = visibleLength(facts);
  // The facts always show whole; the title takes the room they leave, the description what remains after both.
  const rawTitle = textField(product, "title");
  const fullTitle = rawTitle ? plainText(rawTitle).replace(/\s+/g, " ").trim() : null;
  const title = fitted(context, spec, "title", fullTitle, spec.maxLength - factsLength - 2);
  const rawDescription = textField(product, "description");
  const plainDescription = rawDescription ? withoutRepeatedTitle(plainText(rawDescription).replace(/\r\n?/g, "\n"), fullTitle) : null;
  const description = fitted(context, spec, "description", plainDescription, spec.maxLength - factsLength - (title ? title.length + 2 : 0) - 2);

  const lines: CardLine[] = [];
  if (title) lines.push([{ text: title, bold: true }], []);
  if (description) lines.push([{ text: description }], []);
  lines.push(...facts);

  return [
    withoutEmpty({
      sku: product.sku,
      messenger: spec.messenger,
      locale: context.locale,
      text: lines.map((line) => line.map((span) => spanMarkup(span, spec.markup)).join("")).join("\n"),
      textLength: visibleLength(lines),
      title: title ?? undefined,
      description: description ?? undefined,
      imageUrl: image,
      link: link ?? undefined,
      buttons: link ? [{ text: words.openInStore, url: link }] : [],
      price: price ?? undefined,
      salePrice: salePrice ?? undefined,
      saleWindow: offer.saleWindow ?? undefined,
      availability: offer.availability,
      availabilityDate: offer.availabilityDate ?? undefined,
    }),
  ];
}

interface CardOffer {
  price: Money | null;
  salePrice: Money | null;
  saleWindow: { startsAt: string; endsAt: string } | null;
  availability: Availability;
  availabilityDate: string | null;
}

/** The lines a card never cuts: price (with the sale and its last day), availability, link. */
function factLines(offer: CardOffer, link: string | null, spec: MessengerSpec, words: CardWords, languageTag: string): CardLine[] {
  const money = (amount: Money) => formatMoney(languageTag, amount);
  const day = (isoDay: string) => formatDay(languageTag, isoDay);
  const lines: CardLine[] = [];
  const { price, salePrice, saleWindow } = offer;
  if (price && salePrice) {
    lines.push(
      spec.strikethrough
        ? [{ text: money(price), strike: true }, { text: " " }, { text: money(salePrice), bold: true }]
        : [{ text: fillWords(words.insteadOf, { sale: money(salePrice), price: money(price) }) }],
    );
    if (saleWindow) lines.push([{ text: fillWords(words.saleUntil, { date: day(lastSaleDay(saleWindow.endsAt)) }) }]);
  } else if (price) lines.push([{ text: money(price), bold: true }]);
  const availability = words.availability[offer.availability];
  const shipsFrom = offer.availabilityDate && fillWords(words.shipsFrom, { availability, date: day(offer.availabilityDate.slice(0, 10)) });
  lines.push([{ text: shipsFrom || availability }]);
  if (link) lines.push([spec.labelledLinks ? { text: words.openInStore, href: link } : { text: link }]);
  return lines;
}

/** What the customer sees, for the consistency report: the fields carry exactly what the caption says. */
export function messengerCardView(card: MessengerCard): CustomerView {
  return {
    title: card.title ?? null,
    description: card.description ?? null,
    price: card.price ?? null,
    salePrice: card.salePrice ?? null,
    availability: card.availability,
    image: card.imageUrl ?? null,
  };
}

/** Descriptions often open with the product's name as a heading; under the bold title the card would say it twice. */
function withoutRepeatedTitle(description: string, title: string | null): string {
  const [first, ...rest] = description.split("\n");
  return title !== null && first?.trim() === title ? rest.join("\n").trim() : description;
}

function wordsFor(context: MapContext): CardWords {
  const words = cardWordsFor(context.locale);
  if (words) return words;
  if (context.firstTime(`card-words:${context.locale}`))
    context.warn("locale", `cards have no words for ${context.locale} yet; availability, sale and link words are in English`);
  return fallbackCardWords;
}

/** The text as it is when it fits `room`; else cut at a word boundary with an ellipsis, or left out (null) when what would remain says nothing. */
function fitted(context: MapContext, spec: MessengerSpec, field: "title" | "description", text: string | null, room: number): string | null {
  if (!text || text.length <= room) return text || null;
  if (room < shortestUsefulText) {
    context.warn(field, `left out: only ${Math.max(room, 0)} of ${spec.name}'s ${spec.maxLength} caption characters remain for its ${text.length}`);
    return null;
  }
  const cut = truncateAtWord(text, room - ellipsis.length) + ellipsis;
  context.warn(field, `shortened from ${text.length} to ${cut.length} characters at a word boundary to fit ${spec.name}'s ${spec.maxLength}-character caption`);
  return cut;
}

/** What a user sees: the spans' own text, lines joined by one line feed; JavaScript's length counts UTF-16 code units, as Telegram does. */
function visibleLength(lines: CardLine[]): number {
  return lines.reduce((sum, line) => sum + line.reduce((spans, span) => spans + span.text.length, 0), lines.length - 1);
}

function spanMarkup(span: CardSpan, markup: CardMarkup): string {
  let written = markup.text(span.text);
  if (span.bold) written = markup.bold(written);
  if (span.strike) written = markup.strike(written);
  return span.href ? markup.link(written, span.href) : written;
}

/** Formats are costly to build and a feed has few locales and currencies, so each is built once per process. */
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "1 990,00 ₽", "$21.99": the amount exactly as stored (a decimal string, never a float), in the locale's currency format. */
function formatMoney(languageTag: string, { amount, currency }: Money): string {
  const key = `${languageTag} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(languageTag, { style: "currency", currency })));
  return format.format(amount as `${number}`);
}

/** "31 grudnia 2029" for the calendar day YYYY-MM-DD, whatever the server's time zone. */
function formatDay(languageTag: string, day: string): string {
  let format = dayFormats.get(languageTag);
  if (!format) dayFormats.set(languageTag, (format = new Intl.DateTimeFormat(languageTag, { dateStyle: "long", timeZone: "UTC" })));
  return format.format(new Date(`${day}T00:00:00Z`));
}
