import { availabilityOf, listField, moneyField, textField, type EconomicOperator } from "../../src/feeds/channel-product.js";
import { characteristicValues } from "../shared/characteristics.js";
import { effectiveSalePrice, fitText, identifierWithin, withoutEmpty } from "../shared/fit.js";
import { fitHtml } from "../shared/html-fit.js";
import { fieldAmountIn } from "../shared/measures.js";
import { asciiUrl, htmlText, plainText } from "../shared/text-safety.js";
import type { ChannelProduct, MapContext, Money } from "../types.js";
import { ebayOptions, marketplaces, type EbayOptions } from "./options.js";

/**
 * Shapes of the Sell Inventory API v1 (developer.ebay.com/api-docs/sell/inventory; InventoryItemWithSkuLocale,
 * EbayOfferDetailsWithKeys, Regulatory), with only the fields this exporter fills.
 */
export interface EbayAmount {
  value: string;
  currency: string;
}

/** The contact fields eBay's Manufacturer and ResponsiblePerson types share. */
export interface EbayContact {
  companyName?: string;
  addressLine1?: string;
  city?: string;
  postalCode?: string;
  stateOrProvince?: string;
  country?: string;
  email?: string;
  phone?: string;
  contactUrl?: string;
}

export interface EbayResponsiblePerson extends EbayContact {
  types: ["EU_RESPONSIBLE_PERSON"];
}

export interface EbayProductSafety {
  statements?: string[];
  pictograms?: string[];
  component?: string;
}

export interface EbayInventoryItem {
  sku: string;
  locale: string;
  product: {
    title?: string;
    description?: string;
    aspects?: Record<string, string[]>;
    brand?: string;
    mpn?: string;
    ean?: string[];
    upc?: string[];
    imageUrls?: string[];
  };
  condition: string;
  availability: { shipToLocationAvailability: { quantity: number } };
  packageWeightAndSize?: { weight: { value: number; unit: "KILOGRAM" } };
}

export interface EbayOffer {
  sku: string;
  marketplaceId: string;
  format: "FIXED_PRICE";
  listingDuration: "GTC";
  availableQuantity: number;
  categoryId?: string;
  listingDescription?: string;
  pricingSummary?: { price: EbayAmount; originalRetailPrice?: EbayAmount; originallySoldForRetailPriceOn?: "ON_EBAY" | "OFF_EBAY" };
  listingPolicies: { fulfillmentPolicyId: string; paymentPolicyId: string; returnPolicyId: string };
  merchantLocationKey: string;
  regulatory?: { manufacturer?: EbayContact; responsiblePersons?: EbayResponsiblePerson[]; productSafety?: EbayProductSafety };
}

/**
 * One product on eBay: its inventory item and its offer, which must exist together (an offer names an
 * inventory item by SKU), so the item schema accepts or refuses both at once.
 */
export interface EbayListing {
  inventoryItem: EbayInventoryItem;
  offer: EbayOffer;
}

/** Limits of the Inventory API's Product, Offer and ProductSafety types. */
const limits = { title: 80, description: 4000, brand: 65, mpn: 65, images: 24, aspectValue: 50, component: 120, statements: 8, pictograms: 2 } as const;
/** Limits of the Manufacturer and ResponsiblePerson fields (Inventory API 1.18). */
const contactLimits = { companyName: 100, addressLine1: 180, city: 64, postalCode: 9, stateOrProvince: 64, email: 180, phone: 64, contactUrl: 250 } as const;
/** The tags eBay lists as supported in a product description. */
const descriptionTags = ["p", "br", "b", "strong", "ol", "ul", "li"];

/** The PIM's conditions in eBay's ConditionEnum; a channel that grades used goods maps condition to eBay's words, which pass unchanged. */
const conditions: Record<string, string> = { new: "NEW", refurbished: "SELLER_REFURBISHED", used: "USED_GOOD" };

export function mapEbayListing(product: ChannelProduct, context: MapContext): EbayListing[] {
  const options = ebayOptions(context.options);
  const marketplace = marketplaces[options.marketplaceId];
  if (context.currency !== marketplace.currency)
    throw new Error(`${options.marketplaceId} sells in ${marketplace.currency}, and channel ${context.channel} exports ${context.currency}`);
  const title = textField(product, "title");
  const html = textField(product, "description");
  const description = html ? fitHtml(context, "description", html, descriptionTags, limits.description) : null;
  const quantity = quantityOf(product, context);
  const weight = fieldAmountIn(product, "weight", "KILOGRAM", 3, "up");

  const inventoryItem: EbayInventoryItem = withoutEmpty({
    sku: product.sku,
    locale: context.locale,
    product: withoutEmpty({
      title: fitText(context, "title", title && plainText(title), limits.title) ?? undefined,
      description: description ?? undefined,
      aspects: aspectsOf(product, context, options),
      brand: identifierWithin(context, "brand", textField(product, "brand"), limits.brand) ?? undefined,
      mpn: identifierWithin(context, "mpn", textField(product, "mpn"), limits.mpn) ?? undefined,
      ...identifiersOf(product, context),
      imageUrls: imagesOf(product, context),
    }),
    condition: conditionOf(product),
    availability: { shipToLocationAvailability: { quantity } },
    packageWeightAndSize: weight && Number(weight) > 0 ? { weight: { value: Number(weight), unit: "KILOGRAM" as const } } : undefined,
  });

  const offer: EbayOffer = withoutEmpty({
    sku: product.sku,
    marketplaceId: options.marketplaceId,
    format: "FIXED_PRICE" as const,
    listingDuration: "GTC" as const,
    availableQuantity: quantity,
    categoryId: product.channelCategory?.value,
    listingDescription: listingDescriptionOf(product, description),
    pricingSummary: pricingOf(product, context, options),
    listingPolicies: {
      fulfillmentPolicyId: options.fulfillmentPolicyId,
      paymentPolicyId: options.paymentPolicyId,
      returnPolicyId: options.returnPolicyId,
    },
    merchantLocationKey: options.merchantLocationKey,
    regulatory: regulatoryOf(product, context, options),
  });
  return [{ inventoryItem, offer }];
}

/**
 * eBay lists only units it can sell now: a backorder, preorder or discontinued product has none there
 * until stock arrives, and a product a rule took off sale has none whatever the stock says.
 */
function quantityOf(product: ChannelProduct, context: MapContext): number {
  const availability = availabilityOf(product);
  if (availability === "in_stock") return product.offer.sellableQuantity;
  if (availability !== "out_of_stock")
    context.warn("availability", `eBay has no ${availability} state; the offer lists no units until the product is in stock`);
  return 0;
}

function conditionOf(product: ChannelProduct): string {
  const condition = textField(product, "condition") ?? "new";
  return conditions[condition] ?? condition;
}

/** eBay takes a GTIN as an EAN (8 or 13 digits) or a UPC-A (12); it has no field for a GTIN-14. */
function identifiersOf(product: ChannelProduct, context: MapContext): { ean?: string[]; upc?: string[] } {
  const gtin = textField(product, "gtin");
  if (!gtin) return {};
  if (gtin.length === 12) return { upc: [gtin] };
  if (gtin.length === 8 || gtin.length === 13) return { ean: [gtin] };
  context.warn("gtin", `left out: eBay takes EAN-8, EAN-13 and UPC-A, and ${gtin} has ${gtin.length} digits`);
  return {};
}

function imagesOf(product: ChannelProduct, context: MapContext): string[] {
  const images = listField(product, "images").map(asciiUrl);
  if (images.length > limits.images) context.warn("imageUrls", `${images.length} images; eBay takes the first ${limits.images}`);
  return images.slice(0, limits.images);
}

/** The aspects the channel names, each from its attribute; a multiselect gives one value per option. */
function aspectsOf(product: ChannelProduct, context: MapContext, options: EbayOptions): Record<string, string[]> | undefined {
  const aspects: Record<string, string[]> = {};
  for (const [name, code] of Object.entries(options.aspects)) {
    const attribute = product.attribute(code);
    if (!attribute) continue;
    const values = (characteristicValues(attribute) ?? []).flatMap(({ text }) => fitText(context, `aspects.${name}`, text, limits.aspectValue) ?? []);
    if (values.length) aspects[name] = values;
  }
  return Object.keys(aspects).length ? aspects : undefined;
}

/**
 * The listing shows the description followed by the product's safety information in the buyer's
 * language: eBay's own product safety section holds only its fixed statements and 120 characters.
 * Without safety information eBay shows the inventory item's description, so the offer needs none.
 */
function listingDescriptionOf(product: ChannelProduct, description: string | null): string | undefined {
  const safety = textField(product, "safetyInformation");
  if (!safety) return undefined;
  const origin = product.fields.safetyInformation?.origin;
  const heading = (origin?.source === "attribute" && product.attribute(origin.attribute)?.label) || "Safety information";
  return `${description ?? ""}<p><strong>${htmlText(heading)}</strong></p><p>${htmlText(safety).replace(/\r?\n/g, "<br>")}</p>`;
}

/**
 * What the buyer pays now is the price. Where eBay offers strikethrough pricing, a sale shows the regular
 * price struck through beside it; elsewhere the listing shows the sale price alone.
 */
function pricingOf(product: ChannelProduct, context: MapContext, options: EbayOptions): EbayOffer["pricingSummary"] {
  const price = moneyField(product, "price");
  if (!price) return undefined;
  const sale = effectiveSalePrice(price, moneyField(product, "salePrice"));
  if (!sale) return { price: amount(price) };
  if (marketplaces[options.marketplaceId].strikethrough)
    return { price: amount(sale), originalRetailPrice: amount(price), originallySoldForRetailPriceOn: options.originallySoldForRetailPriceOn };
  context.warn(
    "salePrice",
    `${options.marketplaceId} has no strikethrough pricing: the offer sells at the sale price ${sale.amount} ${sale.currency} without the regular price`,
  );
  return { price: amount(sale) };
}

function amount(money: Money): EbayAmount {
  return { value: money.amount, currency: money.currency };
}

/**
 * GPSR's manufacturer and EU responsible person, and eBay's product safety labels when the channel names
 * the attributes holding them. Whether a site requires them is the item schema's check, which names the
 * missing field.
 */
function regulatoryOf(product: ChannelProduct, context: MapContext, options: EbayOptions): EbayOffer["regulatory"] {
  const { manufacturer, responsiblePerson } = product.economicOperators;
  const regulatory = withoutEmpty({
    manufacturer: manufacturer ? contactOf(context, "regulatory.manufacturer", manufacturer) : undefined,
    responsiblePersons: responsiblePerson
      ? [{ ...contactOf(context, "regulatory.responsiblePersons", responsiblePerson), types: ["EU_RESPONSIBLE_PERSON"] as ["EU_RESPONSIBLE_PERSON"] }]
      : undefined,
    productSafety: productSafetyOf(product, context, options),
  });
  return Object.keys(regulatory).length ? regulatory : undefined;
}

/** A contact field longer than eBay takes is left out with a warning: a cut address or name would be wrong. */
function contactOf(context: MapContext, field: string, operator: EconomicOperator): EbayContact {
  const { address } = operator;
  const within = (name: keyof typeof contactLimits, value: string | undefined) =>
    value === undefined ? undefined : (identifierWithin(context, `${field}.${name}`, value, contactLimits[name]) ?? undefined);
  return withoutEmpty({
    companyName: within("companyName", operator.name),
    addressLine1: within("addressLine1", address.street),
    city: within("city", address.city),
    postalCode: within("postalCode", address.postalCode),
    stateOrProvince: within("stateOrProvince", address.region),
    country: address.countryCode,
    email: within("email", operator.email),
    phone: within("phone", operator.phone),
    contactUrl: within("contactUrl", operator.url && asciiUrl(operator.url)),
  });
}

/**
 * eBay's product safety section takes statement and pictogram ids from its own list, and a component
 * text only beside them; the product's safety text goes there, cut to 120 characters, in full in the
 * listing description.
 */
function productSafetyOf(product: ChannelProduct, context: MapContext, options: EbayOptions): EbayProductSafety | undefined {
  const labels = (attribute: string | null, kind: "statements" | "pictograms") => {
    const ids = attribute ? (product.attribute(attribute)?.raw.split(",").filter(Boolean) ?? []) : [];
    if (ids.length > limits[kind]) context.warn(`regulatory.productSafety.${kind}`, `${ids.length} ${kind}; eBay takes the first ${limits[kind]}`);
    return ids.slice(0, limits[kind]);
  };
  const statements = labels(options.safetyStatementsAttribute, "statements");
  const pictograms = labels(options.safetyPictogramsAttribute, "pictograms");
  if (!statements.length && !pictograms.length) return undefined;
  const safety = textField(product, "safetyInformation")?.replace(/\s+/g, " ").trim() ?? null;
  const component = fitText(context, "regulatory.productSafety.component", safety || null, limits.component);
  return withoutEmpty({ statements, pictograms, component: component ?? undefined });
}
