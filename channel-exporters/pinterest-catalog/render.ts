import { stringify, type Options } from "csv-stringify/sync";
import { spreadsheetSafe } from "../shared/text-safety.js";
import type { ExportContext } from "../types.js";
import type { PinterestItem } from "./map.js";

/** Every column Pinterest reads from us, in the order of the header row; a row leaves a column empty when the item lacks it. */
export const pinterestColumns = [
  "id",
  "title",
  "description",
  "link",
  "image_link",
  "additional_image_link",
  "price",
  "sale_price",
  "sale_price_effective_date",
  "availability",
  "condition",
  "brand",
  "gtin",
  "mpn",
  "item_group_id",
  "google_product_category",
  "product_type",
  "color",
  "size",
  "gender",
  "age_group",
  "material",
  "custom_label_0",
  "custom_label_1",
  "custom_label_2",
  "custom_label_3",
  "custom_label_4",
] as const satisfies ReadonlyArray<keyof PinterestItem>;

/** RFC 4180 records ended by CRLF; a field with whitespace is quoted, so a description's line breaks stay inside its cell. */
const csvOptions: Options = { record_delimiter: "\r\n", quoted_match: /\s/ };

export async function* renderPinterestCsv(items: AsyncIterable<PinterestItem>, _context: ExportContext): AsyncGenerator<string> {
  yield stringify([[...pinterestColumns]], csvOptions);
  for await (const item of items) yield stringify([pinterestColumns.map((column) => cell(item[column]))], csvOptions);
}

function cell(value: string | string[] | undefined): string {
  if (value === undefined) return "";
  return spreadsheetSafe(Array.isArray(value) ? value.join(",") : value);
}
