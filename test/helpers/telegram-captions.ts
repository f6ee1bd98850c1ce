import { Parser } from "htmlparser2";

/**
 * Strict readers of Telegram captions, for tests: each throws where Telegram would answer "can't parse
 * entities", and otherwise gives back what a user sees and which entities mark it.
 */
export interface ReadCaption {
  /** The text after entities are parsed: what Telegram counts against a caption's limit. */
  visible: string;
  entities: Array<{ type: "bold" | "italic" | "underline" | "strikethrough" | "spoiler" | "text_link"; text: string; url?: string }>;
}

type EntityType = ReadCaption["entities"][number]["type"];

const markdownV2Markers: Array<[string, EntityType]> = [
  ["__", "underline"],
  ["||", "spoiler"],
  ["*", "bold"],
  ["_", "italic"],
  ["~", "strikethrough"],
];
/** Characters MarkdownV2 reads as markup wherever they are not escaped (core.telegram.org/bots/api#markdownv2-style). */
const markdownV2Special = new Set("_*[]()~`>#+-=|{}.!\\");

/** MarkdownV2 as Telegram reads it: every special character escaped outside entities, entities closed in order, links whole. */
export function readMarkdownV2(text: string): ReadCaption {
  let visible = "";
  const open: Array<{ marker: string; type: EntityType; start: number }> = [];
  const entities: ReadCaption["entities"] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "\\") {
      const escaped = text.charCodeAt(i + 1);
      if (!(escaped >= 1 && escaped <= 126)) throw new Error(`the backslash at ${i} escapes nothing Telegram lets it escape`);
      visible += text[i + 1];
      i += 2;
      continue;
    }
    const marker = markdownV2Markers.find(([m]) => text.startsWith(m, i));
    if (marker) {
      const [m, type] = marker;
      const at = open.findIndex((entity) => entity.marker === m);
      if (at === -1) open.push({ marker: m, type, start: visible.length });
      else if (at !== open.length - 1) throw new Error(`${m} at ${i} closes an entity that another opened inside it still holds open`);
      else {
        const entity = open.pop() as (typeof open)[number];
        if (entity.start === visible.length) throw new Error(`empty ${type} entity ending at ${i}`);
        entities.push({ type, text: visible.slice(entity.start) });
      }
      i += m.length;
      continue;
    }
    if (c === "[") {
      open.push({ marker: "[", type: "text_link", start: visible.length });
      i += 1;
      continue;
    }
    if (c === "]") {
      const entity = open.pop();
      if (entity?.marker !== "[") throw new Error(`] at ${i} closes no link`);
      if (text[i + 1] !== "(") throw new Error(`the link closed at ${i} has no (url)`);
      let url = "";
      let j = i + 2;
      while (j < text.length && text[j] !== ")") {
        if (text[j] === "\\") j += 1;
        url += text[j] ?? "";
        j += 1;
      }
      if (j >= text.length) throw new Error(`the link's url from ${i + 2} never closes`);
      if (!/^https?:\/\/\S+$/.test(url)) throw new Error(`the link's url ${JSON.stringify(url)} is not a web address`);
      entities.push({ type: "text_link", text: visible.slice(entity.start), url });
      i = j + 1;
      continue;
    }
    if (markdownV2Special.has(c)) throw new Error(`${c} at ${i} is not escaped: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
    visible += c;
    i += 1;
  }
  if (open.length) throw new Error(`entities left open: ${open.map((entity) => entity.marker).join(" ")}`);
  return { visible, entities };
}

const htmlTags: Record<string, EntityType> = { b: "bold", s: "strikethrough", a: "text_link" };

/**
 * Telegram's HTML style read by a real HTML parser (htmlparser2), held to Telegram's stricter rules: only
 * the tags the cards use, every tag closed in order, `a` with an href alone, and only the entities &lt;
 * &gt; &amp; &quot; and numeric ones (htmlparser2 alone would decode any HTML5 entity and close tags for us).
 */
export function readTelegramHtml(text: string): ReadCaption {
  const unknownEntity = /&(?!(?:lt|gt|amp|quot);|#[0-9]+;|#x[0-9a-fA-F]+;)/.exec(text);
  if (unknownEntity) throw new Error(`& at ${unknownEntity.index} starts no entity Telegram knows`);
  const strayBracket = /<(?!\/?(?:b|s|a)[\s>])/.exec(text);
  if (strayBracket) throw new Error(`< at ${strayBracket.index} starts no tag of the cards'`);

  let visible = "";
  const open: Array<{ name: string; start: number; href?: string }> = [];
  const entities: ReadCaption["entities"] = [];
  let closed = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (!(name in htmlTags)) throw new Error(`<${name}> is not a tag the cards use`);
        const names = Object.keys(attributes);
        if (name === "a" ? names.join() !== "href" : names.length) throw new Error(`<${name}> has attributes ${names.join(", ")}`);
        open.push({ name, start: visible.length, href: attributes.href });
      },
      ontext(data) {
        visible += data;
      },
      onclosetag(name, isImplied) {
        if (isImplied) throw new Error(`<${name}> is never closed`);
        const entity = open.pop();
        if (entity?.name !== name) throw new Error(`</${name}> closes <${entity?.name}>`);
        closed += 1;
        entities.push({ type: htmlTags[name] as EntityType, text: visible.slice(entity.start), ...(entity.href ? { url: entity.href } : {}) });
      },
    },
    { decodeEntities: true, recognizeSelfClosing: false },
  );
  parser.write(text);
  parser.end();
  if (open.length) throw new Error(`tags left open: ${open.map((entity) => entity.name).join(", ")}`);
  const closingTags = text.match(/<\/(?:b|s|a)>/g)?.length ?? 0;
  if (closingTags !== closed) throw new Error(`${closingTags - closed} closing tags close nothing`);
  return { visible, entities };
}
