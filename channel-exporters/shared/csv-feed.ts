import { stringify, type Options } from "csv-stringify/sync";
import { spreadsheetSafe } from "./text-safety.js";

/**
 * RFC 4180 records ended by CRLF, every field holding whitespace in double quotes: Meta asks for that
 * (developers.facebook.com/docs/marketing-api/catalog/reference, "Supported Feed Formats"), and it keeps
 * a description's line breaks inside its cell for every reader; csv-stringify on its own only quotes the
 * record delimiter.
 */
const csvOptions: Options = { record_delimiter: "\r\n", quoted_match: /\s/ };

/**
 * A CSV feed with a fixed header row, one record per item; a record leaves a column empty when its item
 * lacks it. A list is one cell of comma-separated values (the exporters encode commas inside URLs), and
 * no cell starts a spreadsheet formula.
 */
export async function* renderCsvFeed<Item>(columns: ReadonlyArray<keyof Item & string>, items: AsyncIterable<Item>): AsyncGenerator<string> {
  yield stringify([[...columns]], csvOptions);
  for await (const item of items) yield stringify([columns.map((column) => cell(item[column] as string | string[] | undefined))], csvOptions);
}

function cell(value: string | string[] | undefined): string {
  if (value === undefined) return "";
  return spreadsheetSafe(Array.isArray(value) ? value.join(",") : value);
}
