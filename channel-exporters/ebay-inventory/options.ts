import { isEuCountry } from "../shared/eu-countries.js";

/** An eBay site the Sell Inventory API lists on: its country and the one currency its offers are priced in. */
interface Marketplace {
  country: string;
  currency: string;
  /**
   * Strikethrough pricing (originalRetailPrice) is offered on the US, UK, German, Canadian, French, Italian
   * and Spanish sites only (Inventory API PricingSummary); elsewhere a listing shows one price.
   */
  strikethrough: boolean;
}

export const marketplaces = {
  EBAY_US: { country: "US", currency: "USD", strikethrough: true },
  EBAY_CA: { country: "CA", currency: "CAD", strikethrough: true },
  EBAY_GB: { country: "GB", currency: "GBP", strikethrough: true },
  EBAY_AU: { country: "AU", currency: "AUD", strikethrough: false },
  EBAY_AT: { country: "AT", currency: "EUR", strikethrough: false },
  EBAY_BE: { country: "BE", currency: "EUR", strikethrough: false },
  EBAY_CH: { country: "CH", currency: "CHF", strikethrough: false },
  EBAY_DE: { country: "DE", currency: "EUR", strikethrough: true },
  EBAY_ES: { country: "ES", currency: "EUR", strikethrough: true },
  EBAY_FR: { country: "FR", currency: "EUR", strikethrough: true },
  EBAY_IE: { country: "IE", currency: "EUR", strikethrough: false },
  EBAY_IT: { country: "IT", currency: "EUR", strikethrough: true },
  EBAY_NL: { country: "NL", currency: "EUR", strikethrough: false },
  EBAY_PL: { country: "PL", currency: "PLN", strikethrough: false },
} as const satisfies Record<string, Marketplace>;
export type MarketplaceId = keyof typeof marketplaces;

/** Sites in the EU, where GPSR makes the manufacturer (and for one outside the EU, a responsible person) part of a listing. */
export const gpsrMarketplaces = (Object.keys(marketplaces) as MarketplaceId[]).filter((id) => isEuCountry(marketplaces[id].country));

export interface EbayOptions {
  marketplaceId: MarketplaceId;
  merchantLocationKey: string;
  fulfillmentPolicyId: string;
  paymentPolicyId: string;
  returnPolicyId: string;
  /** eBay aspect (item specific) name → PIM attribute code. */
  aspects: Record<string, string>;
  originallySoldForRetailPriceOn: "ON_EBAY" | "OFF_EBAY";
  safetyStatementsAttribute: string | null;
  safetyPictogramsAttribute: string | null;
}

const attributeCode = { type: "string", pattern: "^[a-z][a-z0-9_]{0,99}$" } as const;
const policyId = { type: "string", pattern: "^[0-9]{1,20}$" } as const;

export const ebayOptionsSchema = {
  type: "object",
  additionalProperties: false,
  required: ["marketplaceId", "merchantLocationKey", "fulfillmentPolicyId", "paymentPolicyId", "returnPolicyId"],
  properties: {
    marketplaceId: { enum: Object.keys(marketplaces), description: "The eBay site every offer is made on; the channel's currency must be the site's." },
    merchantLocationKey: { type: "string", minLength: 1, maxLength: 36, description: "The inventory location the items ship from (createInventoryLocation)." },
    fulfillmentPolicyId: { ...policyId, description: "The seller's fulfillment business policy (Account API)." },
    paymentPolicyId: { ...policyId, description: "The seller's payment business policy." },
    returnPolicyId: { ...policyId, description: "The seller's return business policy." },
    aspects: {
      type: "object",
      description:
        "eBay aspect (item specific) name, as getItemAspectsForCategory spells it on the site (e.g. Brand, Colour), → the PIM attribute it is read from.",
      propertyNames: { type: "string", minLength: 1, maxLength: 40 },
      additionalProperties: attributeCode,
    },
    originallySoldForRetailPriceOn: {
      enum: ["ON_EBAY", "OFF_EBAY"],
      description: "Where the regular price struck through beside a sale price was charged; OFF_EBAY (the retailer's own shop) when not set.",
    },
    safetyStatementsAttribute: {
      ...attributeCode,
      description: "A multiselect whose option codes are eBay product safety statement ids (Metadata API getProductSafetyLabels).",
    },
    safetyPictogramsAttribute: { ...attributeCode, description: "A multiselect whose option codes are eBay product safety pictogram ids." },
  },
} as const;

export function ebayOptions(options: Record<string, unknown>): EbayOptions {
  return {
    marketplaceId: options.marketplaceId as MarketplaceId,
    merchantLocationKey: String(options.merchantLocationKey),
    fulfillmentPolicyId: String(options.fulfillmentPolicyId),
    paymentPolicyId: String(options.paymentPolicyId),
    returnPolicyId: String(options.returnPolicyId),
    aspects: (options.aspects as Record<string, string> | undefined) ?? {},
    originallySoldForRetailPriceOn: options.originallySoldForRetailPriceOn === "ON_EBAY" ? "ON_EBAY" : "OFF_EBAY",
    safetyStatementsAttribute: typeof options.safetyStatementsAttribute === "string" ? options.safetyStatementsAttribute : null,
    safetyPictogramsAttribute: typeof options.safetyPictogramsAttribute === "string" ? options.safetyPictogramsAttribute : null,
  };
}
