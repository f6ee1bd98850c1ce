/**
 * One JSON document written as its items arrive: the fields of `head`, then an array under `arrayName`
 * with one item per line, so a feed of any size is never held in memory.
 */
export async function* jsonDocument(
  head: Record<string, unknown>,
  arrayName: string,
  items: AsyncIterable<unknown>,
  serialize: (value: unknown) => string = JSON.stringify,
): AsyncGenerator<string> {
  const fields = serialize(head).slice(1, -1);
  yield `{${fields}${fields ? "," : ""}${serialize(arrayName)}:[\n`;
  let separator = "";
  for await (const item of items) {
    yield separator + serialize(item);
    separator = ",\n";
  }
  yield "\n]}\n";
}

const htmlSensitive: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/**
 * JSON that stays inert when a page inlines it in a <script> element (a product name holding
 * `</script>` cannot end the element); parsers read the escapes back as the same characters.
 */
export function htmlSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => htmlSensitive[c] as string);
}

/**
 * Line breaks JSON.stringify leaves raw but some line readers split on (Python's str.splitlines takes
 * NEL, U+2028 and U+2029 as line ends); escaped, every record stays on its one line.
 */
const lineBreaking: Record<string, string> = { "\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/** JSON Lines: one item per line, each line a whole JSON value ended by a line feed. */
export async function* jsonLines(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const item of items) yield `${JSON.stringify(item).replace(/[\u0085\u2028\u2029]/g, (c) => lineBreaking[c] as string)}\n`;
}
