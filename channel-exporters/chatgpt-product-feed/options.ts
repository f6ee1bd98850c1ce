/** What OpenAI asks of the merchant rather than of each product: the same in every line of the feed. */
export interface ChatGptOptions {
  sellerName: string | null;
  sellerUrl: string | null;
  /** Required by OpenAI before any product can be bought in ChatGPT. */
  sellerPrivacyPolicy: string | null;
  sellerTos: string | null;
  returnPolicy: string | null;
  returnDeadlineDays: number | null;
  /** ISO 3166-1 alpha-2 codes of the countries the products are sold to. */
  targetCountries: string[];
  /** ISO 3166-1 alpha-2 code of the country the store sells from. */
  storeCountry: string | null;
}

const url = { type: "string", maxLength: 2000, pattern: "^https?://[!-~]+$" };
const country = { type: "string", pattern: "^[A-Z]{2}$" };

export const chatGptOptionsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["sellerName", "sellerUrl", "returnPolicy", "targetCountries", "storeCountry"],
  properties: {
    sellerName: { type: "string", minLength: 1, maxLength: 70, description: "seller_name: the store's name as ChatGPT shows it." },
    sellerUrl: { ...url, description: "seller_url: the store's home page." },
    sellerPrivacyPolicy: { ...url, description: "seller_privacy_policy; without it no product is offered for checkout." },
    sellerTos: { ...url, description: "seller_tos: terms of service; without them no product is offered for checkout." },
    returnPolicy: { ...url, description: "return_policy: the page that states the return policy." },
    returnDeadlineDays: { type: "integer", minimum: 0, maximum: 365, description: "return_deadline_in_days: days a buyer has to return a product." },
    targetCountries: { type: "array", minItems: 1, uniqueItems: true, items: country, description: "target_countries: where the products are sold." },
    storeCountry: { ...country, description: "store_country: where the store sells from." },
  },
} as const;

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

export function chatGptOptions(options: Record<string, unknown>): ChatGptOptions {
  return {
    sellerName: text(options.sellerName),
    sellerUrl: text(options.sellerUrl),
    sellerPrivacyPolicy: text(options.sellerPrivacyPolicy),
    sellerTos: text(options.sellerTos),
    returnPolicy: text(options.returnPolicy),
    returnDeadlineDays: typeof options.returnDeadlineDays === "number" ? options.returnDeadlineDays : null,
    targetCountries: Array.isArray(options.targetCountries) ? options.targetCountries.map(String) : [],
    storeCountry: text(options.storeCountry),
  };
}
