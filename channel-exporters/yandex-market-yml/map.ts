import { availabilityOf, listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { effectiveSalePrice, fitText } from "../shared/fit.js";
import { asciiUrl, plainText } from "../shared/text-safety.js";
import type { ChannelProduct, MapContext } from "../types.js";
import { yandexDescription } from "./description.js";

export interface YmlParam {
  name: string;
  unit?: string;
  value: string;
}

/** One `<offer>` of a YML feed; `id`, `available` and `group_id` are its attributes, the rest its elements in order. */
export interface YmlOffer {
  id: string;
  available: boolean;
  group_id?: string;
  name?: string;
  vendor?: string;
  vendorCode?: string;
  url?: string;
  price?: string;
  oldprice?: string;
  currencyId: string;
  categoryId?: string;
  picture?: string[];
  description?: string;
  barcode?: string;
  param?: YmlParam[];
  country_of_origin?: string;
  weight?: string;
  /** Units that can be sold now. */
  count?: string;
}

/** Offer name limit of the partner API (OfferName.yaml); the older YML help said 150. */
const maxNameLength = 256;
/** Pictures per offer (partner API BaseOfferDTO.pictures). */
const maxPictures = 30;

export function mapYmlOffer(product: ChannelProduct, context: MapContext): YmlOffer[] {
  const title = textField(product, "title");
  const html = textField(product, "description");
  const price = moneyField(product, "price");
  const sale = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const pictures = listField(product, "images").map(asciiUrl);
  if (pictures.length > maxPictures) context.warn("picture", `${pictures.length} pictures; Yandex takes the first ${maxPictures}`);
  const weight = textField(product, "weight");
  const params = ymlParams(product, context);
  const offer: YmlOffer = {
    id: product.sku,
    available: availabilityOf(product) === "in_stock",
    group_id: product.itemGroupId ?? undefined,
    name: fitText(context, "name", title && plainText(title), maxNameLength) ?? undefined,
    vendor: textField(product, "brand") ?? undefined,
    vendorCode: textField(product, "mpn") ?? undefined,
    url: asciiUrl(textField(product, "link") ?? ""),
    // A sale shows on Yandex as the price with the regular one struck through as oldprice.
    price: (sale ?? price)?.amount,
    oldprice: sale ? price?.amount : undefined,
    currencyId: price?.currency ?? context.currency,
    categoryId: product.channelCategory?.value,
    picture: pictures.slice(0, maxPictures),
    description: (html && yandexDescription(context, html)) ?? undefined,
    barcode: textField(product, "gtin") ?? undefined,
    param: params.length ? params : undefined,
    country_of_origin: textField(product, "countryOfOrigin") ?? undefined,
    weight: weight ? kilograms(context, weight) : undefined,
    count: String(product.offer.sellableQuantity),
  };
  return [Object.fromEntries(Object.entries(offer).filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0))) as YmlOffer];
}

/** The attributes the channel lists in `options.params`, in catalog order; measurements carry their unit. */
function ymlParams(product: ChannelProduct, context: MapContext): YmlParam[] {
  const wanted = new Set((context.options.params as string[] | undefined) ?? []);
  const unitNames = (context.options.unitNames as Record<string, string> | undefined) ?? {};
  return product
    .attributes()
    .filter((attribute) => wanted.has(attribute.code))
    .map((attribute) =>
      attribute.unit
        ? { name: attribute.label, unit: unitNames[attribute.unit] ?? attribute.unit, value: attribute.raw }
        : { name: attribute.label, value: attribute.text },
    );
}

const kilogramsPer: Record<string, number> = { mg: 1e-6, g: 1e-3, kg: 1, oz: 0.028349523125, lb: 0.45359237 };

/** YML weighs in kilograms; the weight field reads "<amount> <unit>" as the PIM renders a measurement. */
function kilograms(context: MapContext, weight: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?) (mg|g|kg|oz|lb)$/.exec(weight);
  const kg = match ? Number(match[1]) * (kilogramsPer[match[2] as string] as number) : Number.NaN;
  const text = String(Number(kg.toFixed(3)));
  if (Number.isNaN(kg) || text === "0") {
    context.warn("weight", `"${weight}" is not a weight of at least 1 g, which YML needs in kilograms; left out`);
    return undefined;
  }
  return text;
}
