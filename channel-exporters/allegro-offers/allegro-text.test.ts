import { describe, expect, it } from "vitest";
import { staticSchemaValidator } from "../../src/validation/json-schemas.js";
import type { MapContext } from "../types.js";
import { allegroDescriptionBlocks } from "./description.js";
import { allegroTitleLength, fitAllegroTitle } from "./title.js";

/** fitAllegroTitle reads nothing of its context but warn(). */
function warnings(): { context: MapContext; reasons: string[] } {
  const reasons: string[] = [];
  const warn = (field: string, reason: string): void => void reasons.push(`${field}: ${reason}`);
  return { context: { warn } as Partial<MapContext> as MapContext, reasons };
}

describe("Allegro titles", () => {
  it("count HTML entities the way Allegro does", () => {
    expect(allegroTitleLength("Hearth & Co.")).toBe(16);
    expect(allegroTitleLength('Etui 14" <Pro>')).toBe(11 + 6 + 4 + 4);
    expect(allegroTitleLength("Łódź żółć")).toBe(9);
  });

  it("are shortened at a word boundary until the entity count fits, with a warning", () => {
    const { context, reasons } = warnings();
    const title = "Czajnik elektryczny Hearth & Co. z wylewką typu gęsia szyja, 0,8 l, czarny";
    expect(title.length).toBe(74);
    const fitted = fitAllegroTitle(context, title);
    expect(fitted).toBe("Czajnik elektryczny Hearth & Co. z wylewką typu gęsia szyja, 0,8 l");
    expect(allegroTitleLength(fitted)).toBeLessThanOrEqual(75);
    expect(reasons).toEqual([expect.stringMatching(/^name: shortened from 78 to 70 characters as Allegro counts them/)]);
  });

  it("are left alone when they fit", () => {
    const { context, reasons } = warnings();
    expect(fitAllegroTitle(context, "Nóż szefa kuchni Hearth & Co. 20 cm")).toBe("Nóż szefa kuchni Hearth & Co. 20 cm");
    expect(reasons).toEqual([]);
  });

  it("that are too short, have fewer than three words or a word over 30 characters are rejected by the schema", () => {
    const validate = staticSchemaValidator("channels/allegro-offers.item.schema.json");
    const nameErrors = (name: string) => {
      validate({ name });
      return (validate.errors ?? []).filter((e) => e.instancePath === "/name").map((e) => e.keyword);
    };
    expect(nameErrors("Kubek Glinka 350 ml")).toEqual([]);
    expect(nameErrors("Kubek 350")).toContain("minLength");
    expect(nameErrors("Kubek kamionkowy")).toContain("pattern");
    expect(nameErrors("Krem nawilżająco-przeciwzmarszczkowy 50 ml")).toContain("pattern");
  });
});

describe("Allegro descriptions", () => {
  it("keep only h1 h2 p ul ol li b, without attributes, with <strong> as <b>", () => {
    expect(
      allegroDescriptionBlocks(
        '<h3 class="x">Tytuł</h3><p style="color:red"><strong>Mocny</strong> tekst <em>i</em> <a href="https://evil.example">link</a></p>',
      ),
    ).toEqual(["<h2>Tytuł</h2>", "<p><b>Mocny</b> tekst i link</p>"]);
  });

  it("flatten nested lists into their outer list and lift paragraphs out of list items", () => {
    expect(allegroDescriptionBlocks("<ul><li>Rodzaj:<ul><li>Krzesło</li><li>Fotel</li></ul></li><li><p>Stal</p></li></ul>")).toEqual([
      "<ul><li>Rodzaj:</li><li>Krzesło</li><li>Fotel</li><li>Stal</li></ul>",
    ]);
  });

  it("put loose text and list items into blocks of their own and drop empty ones", () => {
    expect(allegroDescriptionBlocks("Wstęp <b>ważny</b><li>Punkt</li><p> </p><p><b></b>Koniec<br>linii</p>")).toEqual([
      "<p>Wstęp <b>ważny</b></p>",
      "<ul><li>Punkt</li></ul>",
      "<p>Koniec linii</p>",
    ]);
  });

  it("never nest a block inside a paragraph or a heading", () => {
    expect(allegroDescriptionBlocks("<p>Przed<ul><li>A</li></ul>po</p><h1>Nagłówek <p>akapit</p></h1>")).toEqual([
      "<p>Przed</p>",
      "<ul><li>A</li></ul>",
      "<p>po</p>",
      "<h1>Nagłówek</h1>",
      "<p>akapit</p>",
    ]);
  });

  it("keep text safe: scripts dropped, markup-like text escaped, control characters removed", () => {
    expect(allegroDescriptionBlocks("<p>a &lt;script&gt; \u0001b</p><script>alert(1)</script>")).toEqual(["<p>a &lt;script&gt; b</p>"]);
  });
});
