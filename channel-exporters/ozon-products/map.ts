import { listField, moneyField, textField } from "../../src/feeds/channel-product.js";
import { own } from "../../src/own-key.js";
import { characteristicValues } from "../shared/characteristics.js";
import { effectiveSalePrice, fitText, withoutEmpty } from "../shared/fit.js";
import { type PackageUnit, packageMeasures } from "../shared/measures.js";
import { asciiUrl, plainText } from "../shared/text-safety.js";
import type { ChannelProduct, MapContext } from "../types.js";
import { type OzonOptions, ozonOptions, type OzonPackageName, type OzonVat } from "./options.js";

export interface OzonAttribute {
  id: number;
  complex_id: 0;
  values: Array<{ dictionary_value_id?: number; value: string }>;
}

/**
 * One element of `items` in a `POST /v3/product/import` body (Ozon Seller API, v3ImportProductsRequestItem;
 * swagger mirror salacoste/ozon-daytona-seller-api). Ozon wants the whole product on every update.
 */
export interface OzonProduct {
  offer_id: string;
  name?: string;
  description_category_id?: number;
  type_id?: number;
  attributes?: OzonAttribute[];
  barcode?: string;
  primary_image?: string;
  images?: string[];
  price?: string;
  old_price?: string;
  vat?: OzonVat;
  currency_code: string;
  depth?: number;
  width?: number;
  height?: number;
  dimension_unit: "mm";
  weight?: number;
  weight_unit: "g";
}

/**
 * Attribute ids Ozon gives every category, as its own /v3/product/import examples use them: the annotation
 * (description) and the model name that merges products into one card.
 */
export const ozonAttributeIds = { description: 4191, model: 9048 } as const;

/** The import's field descriptions: name ≤500 characters, and 15 images with the main one (`primary_image` + 14). */
const limits = { name: 500, images: 15 } as const;

/** Package size in millimetres and weight in grams, whole numbers (the import's int32 fields). */
const packageUnits: Record<OzonPackageName, PackageUnit> = {
  depth: { unit: "MILLIMETER", decimals: 0 },
  width: { unit: "MILLIMETER", decimals: 0 },
  height: { unit: "MILLIMETER", decimals: 0 },
  weight: { unit: "GRAM", decimals: 0 },
};

export function mapOzonProduct(product: ChannelProduct, context: MapContext): OzonProduct[] {
  const options = ozonOptions(context.options);
  const title = textField(product, "title");
  const [primaryImage, ...moreImages] = listField(product, "images").map(asciiUrl);
  if (moreImages.length >= limits.images)
    context.warn("images", `${moreImages.length + 1} images; Ozon takes the main image and the first ${limits.images - 1} others`);
  const price = moneyField(product, "price");
  const salePrice = effectiveSalePrice(price, moneyField(product, "salePrice"));
  const { values: size, missing } = packageMeasures(product, options.packageAttributes, packageUnits);
  if (missing.length)
    context.refuse(
      missing.join(","),
      `no value in attribute ${missing.map((name) => options.packageAttributes[name]).join(", ")}; Ozon creates no product without its real package size and weight`,
    );
  return [
    withoutEmpty({
      offer_id: product.sku,
      name: fitText(context, "title", title && plainText(title), limits.name) ?? undefined,
      ...category(product, context),
      attributes: attributes(product, context, options),
      barcode: textField(product, "gtin") ?? undefined,
      primary_image: primaryImage,
      images: moreImages.slice(0, limits.images - 1),
      // price is what the customer pays; old_price, the price before the discount, is struck through beside it.
      // "0" clears a struck price an earlier sale left, since Ozon keeps old_price until it is sent again.
      price: (salePrice ?? price)?.amount,
      old_price: price ? (salePrice ? price.amount : "0") : undefined,
      vat: options.vat,
      currency_code: context.currency,
      ...size,
      dimension_unit: "mm" as const,
      weight_unit: "g" as const,
    }),
  ];
}

/** The channel's category mapping holds Ozon's description category and product type as `description_category_id/type_id`. */
function category(product: ChannelProduct, context: MapContext): Pick<OzonProduct, "description_category_id" | "type_id"> {
  const mapped = product.channelCategory?.value;
  if (!mapped) return {};
  const match = /^(\d{1,15})\/(\d{1,15})$/.exec(mapped);
  if (!match) {
    context.refuse("description_category_id", `channel category "${mapped}" is not written as description_category_id/type_id`);
    return {};
  }
  return { description_category_id: Number(match[1]), type_id: Number(match[2]) };
}

function attributes(product: ChannelProduct, context: MapContext, options: OzonOptions): OzonAttribute[] {
  const result: OzonAttribute[] = [];
  for (const [code, mapping] of Object.entries(options.attributes)) {
    const attribute = product.attribute(code);
    if (!attribute) continue;
    const values = characteristicValues(attribute, mapping.unit);
    if (!values) {
      context.warn(`attributes.${mapping.id}`, `attribute ${code} holds no amount convertible to ${mapping.unit}; left out`);
      continue;
    }
    result.push({
      id: mapping.id,
      complex_id: 0,
      values: values.map(({ code: option, text }) => {
        const id = own(mapping.valueIds, option);
        return id === undefined ? { value: text } : { dictionary_value_id: id, value: text };
      }),
    });
  }
  const description = textField(product, "description");
  if (description) result.push({ id: ozonAttributeIds.description, complex_id: 0, values: [{ value: plainText(description) }] });
  // Products with the same model name share one card, each selectable by what differs (colour, size).
  // The model's code, not its title, so renaming the model does not split its card.
  if (product.itemGroupId) result.push({ id: ozonAttributeIds.model, complex_id: 0, values: [{ value: product.itemGroupId }] });
  return result;
}
