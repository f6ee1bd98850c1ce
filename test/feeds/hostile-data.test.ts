import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exporters } from "../../channel-exporters/index.js";
import type { ItemResult } from "../../src/catalog/products/save-products.js";
import type { ProductInput, ValueEntry } from "../../src/catalog/validation/product-validation.js";
import { demoCatalogDir } from "../../src/demo/demo-catalog.js";
import type { FeedReport } from "../../src/feeds/write-feed.js";
import { demoFeedChannels, renderFeed, startDemoCatalog, type DemoCatalog } from "../helpers/demo-feeds.js";

/**
 * Products whose every text is hostile go in through the real write path, then every channel of the demo
 * is rendered: each feed must stay well-formed for its format, carry only safe text, and keep every other
 * product. A hostile product may be left out, but only with a reason in the report.
 */

const everyC0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");
const notCharacters = "\uD800|\uDFFF|\uFFFE|\uFFFF";
const script = "<script>alert(1)</script>";
const longWord = "Unbreakable".repeat(46);

interface HostileTexts {
  name: string;
  shortDescription: string;
  description: string;
}

const hostileProducts: Record<string, HostileTexts> = {
  "HOSTILE-CONTROLS": {
    name: `=1+2 ${everyC0} ${notCharacters} "double" 'single'`,
    shortDescription: `+SUM(A1:A9) ${everyC0}${notCharacters} ]]> ${script}`,
    description: `<p>-2+3 ${everyC0}${notCharacters}</p>${script}<p>]]&gt; &amp; "q" 'a'</p>`,
  },
  "HOSTILE-MARKUP": {
    name: `@cmd ${script} ]]> <![CDATA[x]]>`,
    shortDescription: `-10% <b onclick="alert(1)">bold</b> ]]>`,
    description: `<p onclick="alert(1)">]]> ${longWord}</p>${script}<p><a href="javascript:alert(1)">link</a></p>`,
  },
  "HOSTILE-WHITESPACE": {
    name: `\tTabbed\tname\r\nwith CR/LF, "quotes" and ${longWord.slice(0, 100)}`,
    shortDescription: `\r=cmd|' /C calc'!A0\n@SUM(1)`,
    description: `${longWord} ${longWord}\r\n\t-${script}`,
  },
};

const demoChannels = demoFeedChannels;

const hostileBrand = {
  code: "hostile_brand",
  labels: { en_US: `=HYPERLINK("http://evil.example") ${script} ]]>\u0001\uD800`, pl_PL: `+cmd\t"brand" ]]>`, ru_RU: `@brand\r\n${script}` },
  sortOrder: 999,
};

/** XML 1.0's Char production, the strictest of the formats: the same set is safe text in every feed. */
const unsafeCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const formulaStart = /^[=+\-@\t\r]/;
/** A string carrying markup is an HTML field: a channel would render it. */
const markup = /<\/?(p|br|ul|ol|li|strong|b|em|i|u|h[1-6]|div|span|table|tr|td|th|a)\b/i;

interface FixtureValue extends ValueEntry {
  attribute: string;
}

function gtin13(body: string): string {
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** A demo product that every channel accepts, with its texts, brand and identifiers replaced. */
async function hostileInputs(): Promise<ProductInput[]> {
  const products = JSON.parse(await readFile(join(demoCatalogDir, "products.json"), "utf8")) as Array<{ sku: string; values: FixtureValue[] }>;
  const template = products.find((p) => p.sku === "VOL-X5-CASE-BLK");
  if (!template) throw new Error("the demo product VOL-X5-CASE-BLK is gone; pick another simple product every channel accepts");
  // The demo uploaded its pictures; content addressing makes each one's asset id the sha256 of the file.
  const templateImages = template.values.find((v) => v.attribute === "images")?.data as string[];
  const images = await Promise.all(
    templateImages.map(async (file) =>
      createHash("sha256")
        .update(await readFile(join(demoCatalogDir, "images", file)))
        .digest("hex"),
    ),
  );
  return Object.entries(hostileProducts).map(([sku, texts], index) => {
    const values: Record<string, ValueEntry[]> = {};
    for (const { attribute, locale, channel, data } of template.values) {
      const replaced: Record<string, unknown> = {
        name: texts.name,
        short_description: texts.shortDescription,
        description: texts.description,
        brand: hostileBrand.code,
        ean: gtin13(`299000000${String(index).padStart(3, "0")}`),
        mpn: `HOSTILE-${index}`,
        images,
      };
      (values[attribute] ??= []).push({ locale: locale ?? null, channel: channel ?? null, data: attribute in replaced ? replaced[attribute] : data });
    }
    return { sku, family: "electronics", categories: ["phones"], enabled: true, values };
  });
}

/** Every string a feed carries, as its own parser reads it back. */
function parsedStrings(format: string, text: string): string[] {
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        strings.push(key);
        walk(inner);
      }
    }
  };
  if (format === "xml") walk(new XMLParser({ ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, cdataPropName: "#cdata" }).parse(text));
  else if (format === "csv" || format === "tsv")
    walk(parseCsv(text, { bom: true, delimiter: format === "tsv" ? "\t" : ",", relax_quotes: false, relax_column_count: false, skip_empty_lines: false }));
  else if (format === "jsonl") for (const line of text.split("\n").filter((line) => line !== "")) walk(JSON.parse(line));
  else walk(JSON.parse(text));
  return strings;
}

/** JSON-LD blocks, which a storefront inlines as written in a <script> element. */
function jsonLdBlocks(value: unknown): object[] {
  if (Array.isArray(value)) return value.flatMap(jsonLdBlocks);
  if (!value || typeof value !== "object") return [];
  if ("@context" in value) return [value];
  return Object.values(value).flatMap(jsonLdBlocks);
}

interface Rendered {
  /** Every part of the feed joined, to look for a SKU; `parts` to parse each file as the channel does. */
  text: string;
  parts: string[];
  report: FeedReport;
}

async function rendered(catalog: DemoCatalog["catalog"], channel: string): Promise<Rendered> {
  const { parts, report } = await renderFeed(catalog, channel);
  return { text: parts.join("\n"), parts, report };
}

describe("hostile product texts in every channel's feed", () => {
  let demo: DemoCatalog;
  let channels: Array<{ code: string; exporter: string }>;
  let demoSkus: string[];
  const before = new Map<string, Rendered>();
  const after = new Map<string, Rendered>();
  let saved: ItemResult[];

  beforeAll(async () => {
    demo = await startDemoCatalog("hostile-data");
    const definitions = await demo.catalog.definitions();
    channels = [...definitions.channels.values()].flatMap((c) => (c.export ? [{ code: c.code, exporter: c.export.exporter }] : []));
    demoSkus = (JSON.parse(await readFile(join(demoCatalogDir, "products.json"), "utf8")) as Array<{ sku: string }>).map((p) => p.sku);
    for (const { code } of channels) before.set(code, await rendered(demo.catalog, code));

    const brand = definitions.attributes.get("brand");
    if (!brand) throw new Error("the demo has no brand attribute");
    const { code, type, group, labels, sortOrder, localizable, scopable, unique, constraints, options } = brand;
    await demo.catalog.saveAttribute(
      { code, type, group, labels, sortOrder, localizable, scopable, unique, constraints, options: [...options, hostileBrand] },
      "hostile-test",
    );
    saved = await demo.catalog.saveProducts(await hostileInputs(), { mode: "upsert", actor: "hostile-test" });
    for (const { code } of channels) after.set(code, await rendered(demo.catalog, code));
  }, 120_000);
  afterAll(() => demo?.stop());

  it("goes in through the real write path", () => {
    expect(saved.map((r) => [r.sku, r.status, r.errors])).toEqual(Object.keys(hostileProducts).map((sku) => [sku, "created", []]));
  });

  it("renders every demo channel, one per exporter of the registry", () => {
    expect(channels.map((c) => c.code).sort()).toEqual([...demoChannels].sort());
    expect(new Set(channels.map((c) => c.exporter))).toEqual(new Set(exporters.keys()));
  });

  it.each(demoChannels)("%s: the feed stays well-formed and its text safe", (channel) => {
    const exporter = exporters.get(channels.find((c) => c.code === channel)?.exporter ?? "");
    if (!exporter) throw new Error(`channel ${channel} has no exporter`);
    for (const part of (after.get(channel) as Rendered).parts) expectWellFormedAndSafe(exporter.fileExtension, part);
  });

  function expectWellFormedAndSafe(format: string, text: string): void {
    if (format === "xml") {
      expect(XMLValidator.validate(text)).toBe(true);
      // Escaped, "<script" never appears; inside CDATA it would reach the page as markup.
      const scriptAt = /<script/i.exec(text);
      expect(scriptAt && text.slice(Math.max(0, scriptAt.index - 80), scriptAt.index + 40), "a script in the XML").toBeNull();
      // "]]>" in character data is forbidden by XML 1.0 (2.4); it may only close a CDATA section.
      expect(text.split("]]>").length, '"]]>" outside a CDATA end').toBe(text.split("<![CDATA[").length);
    }
    // "<script", "</script" or "<!--" in the written JSON would end or derail the element holding the JSON-LD
    // (HTML, "restrictions for contents of script elements").
    if (format === "json" && jsonLdBlocks(JSON.parse(text)).length) {
      const breakout = /<\/?script|<!--/i.exec(text);
      expect(breakout && text.slice(Math.max(0, breakout.index - 80), breakout.index + 40), "JSON-LD a <script> element cannot hold").toBeNull();
    }
    const strings = parsedStrings(format, text);
    expect(strings.length).toBeGreaterThan(0);
    for (const value of strings) {
      expect(value, `unsafe character in ${JSON.stringify(value)}`).not.toMatch(unsafeCharacter);
      if (markup.test(value)) expect(value, "an HTML field carries a script").not.toMatch(/<script/i);
      if ((format === "csv" || format === "tsv") && formulaStart.test(value)) throw new Error(`unguarded formula cell ${JSON.stringify(value)}`);
    }
  }

  it.each(demoChannels)("%s: every hostile product is in the feed or reported, and no other product is lost", (channel) => {
    const { text, report } = after.get(channel) as Rendered;
    const { text: baselineText, report: baselineReport } = before.get(channel) as Rendered;
    for (const sku of Object.keys(hostileProducts)) {
      const reported = report.problems.filter((p) => p.sku === sku && p.severity === "error");
      if (!text.includes(sku)) expect(reported.length, `${sku} is neither in the ${channel} feed nor reported`).toBeGreaterThan(0);
      for (const problem of reported) expect(problem.reason.length).toBeGreaterThan(0);
    }
    expect(report.productsRead).toBe(baselineReport.productsRead + Object.keys(hostileProducts).length);
    expect(report.itemsWritten).toBeGreaterThanOrEqual(baselineReport.itemsWritten);
    for (const sku of demoSkus.filter((s) => baselineText.includes(s))) expect(text.includes(sku), `${sku} left the ${channel} feed`).toBe(true);
  });
});
