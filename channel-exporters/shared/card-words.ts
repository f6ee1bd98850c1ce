import type { Availability } from "../types.js";

/**
 * The few words a product card says besides the product's own texts, per language. `{…}` marks where a
 * price or a date goes; numbers and dates themselves are formatted by Intl in the channel's locale.
 */
export interface CardWords {
  availability: Record<Availability, string>;
  /** A preorder or backorder with the date it ships: `{availability}` and `{date}`. */
  shipsFrom: string;
  /** The last day of a sale: `{date}`. */
  saleUntil: string;
  /** A sale price where the markup cannot strike the old one through: `{sale}` and `{price}`. */
  insteadOf: string;
  /** The link to the product page, and its button. */
  openInStore: string;
}

const cardWordsByLanguage: Readonly<Record<string, CardWords>> = {
  en: {
    availability: {
      in_stock: "In stock",
      out_of_stock: "Out of stock",
      preorder: "Available to pre-order",
      backorder: "Available on backorder",
      discontinued: "Discontinued",
    },
    shipsFrom: "{availability}, ships from {date}",
    saleUntil: "Sale price until {date}",
    insteadOf: "{sale} instead of {price}",
    openInStore: "View in store",
  },
  pl: {
    availability: {
      in_stock: "W magazynie",
      out_of_stock: "Brak w magazynie",
      preorder: "Przedsprzedaż",
      backorder: "Na zamówienie",
      discontinued: "Wycofano ze sprzedaży",
    },
    shipsFrom: "{availability}, wysyłka od {date}",
    saleUntil: "Cena promocyjna do {date}",
    insteadOf: "{sale} zamiast {price}",
    openInStore: "Zobacz w sklepie",
  },
  ru: {
    availability: {
      in_stock: "В наличии",
      out_of_stock: "Нет в наличии",
      preorder: "Предзаказ",
      backorder: "Под заказ",
      discontinued: "Снят с продажи",
    },
    shipsFrom: "{availability}, отправка с {date}",
    saleUntil: "Цена по акции до {date}",
    insteadOf: "{sale} вместо {price}",
    openInStore: "Открыть в магазине",
  },
};

/** The words for a catalog locale (pl_PL → pl); null when the table has no such language. */
export function cardWordsFor(locale: string): CardWords | null {
  return cardWordsByLanguage[locale.split(/[_-]/)[0]?.toLowerCase() ?? ""] ?? null;
}

export const fallbackCardWords = cardWordsByLanguage.en as CardWords;

/** The words with their `{name}` slots filled. */
export function fillWords(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => values[name] ?? slot);
}
