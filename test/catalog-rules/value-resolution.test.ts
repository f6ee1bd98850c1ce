import { describe, expect, it } from "vitest";
import type { Attribute, CatalogDefinitions, Locale } from "../../src/catalog/definitions.js";
import { ALL_CHANNELS, ALL_LOCALES, type RawValues } from "../../src/catalog/values/raw-values.js";
import { localeChain, resolveValue } from "../../src/catalog/values/value-resolution.js";

function locales(fallbacks: Record<string, string | null>): Map<string, Locale> {
  return new Map(Object.entries(fallbacks).map(([code, fallback]) => [code, { code, label: code, fallback }]));
}

function catalog(fallbacks: Record<string, string | null>): CatalogDefinitions {
  return {
    generation: 1,
    locales: locales(fallbacks),
    currencies: new Set(["EUR"]),
    channels: new Map([
      ["ecommerce", { code: "ecommerce", labels: {}, locales: ["en_US", "pl_PL"], currencies: ["EUR"], categoryTree: "master", export: null }],
      ["print", { code: "print", labels: {}, locales: ["en_US"], currencies: ["EUR"], categoryTree: "master", export: null }],
    ]),
    attributes: new Map(),
    families: new Map(),
    familyVariants: new Map(),
    stockLocations: new Map(),
    promotions: new Map(),
    economicOperators: new Map(),
  };
}

function attribute(code: string, localizable: boolean, scopable: boolean): Attribute {
  return { code, type: "text", group: "general", labels: {}, sortOrder: 0, localizable, scopable, unique: false, constraints: {}, options: [] };
}

const definitions = catalog({ en_US: null, pl_PL: "en_US", de_DE: null, de_AT: "de_DE" });

describe("resolveValue", () => {
  const description = attribute("description", true, true);
  const raw: RawValues = {
    description: {
      ecommerce: { en_US: "Web text", de_DE: "Webtext" },
      [ALL_CHANNELS]: { en_US: "Any channel text", pl_PL: "Tekst dla wszystkich kanałów" },
    },
    name: { [ALL_CHANNELS]: { en_US: "Mug", pl_PL: "Kubek" } },
    brand: { [ALL_CHANNELS]: { [ALL_LOCALES]: "nordvik" } },
    weight_note: { ecommerce: { [ALL_LOCALES]: "light" }, [ALL_CHANNELS]: { [ALL_LOCALES]: "0.3 kg" } },
  };

  it("finds the channel-specific value in the requested locale", () => {
    expect(resolveValue(raw, description, { locale: "en_US", channel: "ecommerce" }, definitions)).toEqual({
      data: "Web text",
      locale: "en_US",
      channel: "ecommerce",
    });
  });

  it("falls back to the all-channels value when the channel has none", () => {
    expect(resolveValue(raw, description, { locale: "en_US", channel: "print" }, definitions)).toEqual({
      data: "Any channel text",
      locale: "en_US",
      channel: null,
    });
  });

  it("uses the all-channels value when no channel is asked for", () => {
    expect(resolveValue(raw, description, { locale: "en_US" }, definitions)).toEqual({ data: "Any channel text", locale: "en_US", channel: null });
    expect(resolveValue(raw, description, { locale: "en_US", channel: null }, definitions)).toEqual({
      data: "Any channel text",
      locale: "en_US",
      channel: null,
    });
  });

  it("prefers a value in the requested locale for all channels over one of the fallback locale for the channel", () => {
    expect(resolveValue(raw, description, { locale: "pl_PL", channel: "ecommerce" }, definitions)).toEqual({
      data: "Tekst dla wszystkich kanałów",
      locale: "pl_PL",
      channel: null,
    });
  });

  it("follows the locale fallback and says where the value was found", () => {
    expect(resolveValue(raw, description, { locale: "de_AT", channel: "ecommerce" }, definitions)).toEqual({
      data: "Webtext",
      locale: "de_DE",
      channel: "ecommerce",
    });
    const name = attribute("name", true, false);
    const onlyEnglish: RawValues = { name: { [ALL_CHANNELS]: { en_US: "Mug" } } };
    expect(resolveValue(onlyEnglish, name, { locale: "pl_PL" }, definitions)).toEqual({ data: "Mug", locale: "en_US", channel: null });
  });

  it("skips blank values on the way", () => {
    const name = attribute("name", true, false);
    const blankPolish: RawValues = { name: { [ALL_CHANNELS]: { en_US: "Mug", pl_PL: "  " } } };
    expect(resolveValue(blankPolish, name, { locale: "pl_PL" }, definitions)).toEqual({ data: "Mug", locale: "en_US", channel: null });
  });

  it("returns null when neither the locale nor its fallbacks have a value", () => {
    expect(resolveValue(raw, description, { locale: "de_DE", channel: "print" }, definitions)).toBeNull();
    expect(resolveValue(raw, attribute("name", true, false), { locale: "de_AT" }, definitions)).toBeNull();
    expect(resolveValue(raw, attribute("color", false, false), {}, definitions)).toBeNull();
  });

  it("ignores locale and channel for an attribute that is neither localizable nor scopable", () => {
    expect(resolveValue(raw, attribute("brand", false, false), { locale: "pl_PL", channel: "ecommerce" }, definitions)).toEqual({
      data: "nordvik",
      locale: null,
      channel: null,
    });
  });

  it("ignores the channel of a non-scopable attribute even when a value is stored under that channel", () => {
    expect(resolveValue(raw, attribute("weight_note", false, false), { channel: "ecommerce" }, definitions)).toEqual({
      data: "0.3 kg",
      locale: null,
      channel: null,
    });
    expect(resolveValue(raw, attribute("weight_note", false, true), { channel: "ecommerce" }, definitions)).toEqual({
      data: "light",
      locale: null,
      channel: "ecommerce",
    });
  });

  it("keeps data that is not text, including false", () => {
    const flags: RawValues = { dishwasher_safe: { [ALL_CHANNELS]: { [ALL_LOCALES]: false } } };
    expect(resolveValue(flags, { ...attribute("dishwasher_safe", false, false), type: "boolean" }, {}, definitions)).toEqual({
      data: false,
      locale: null,
      channel: null,
    });
  });
});

describe("localeChain", () => {
  it("lists the locale and then its fallbacks in order", () => {
    expect(localeChain("pl_PL", definitions)).toEqual(["pl_PL", "en_US"]);
    expect(localeChain("de_AT", definitions)).toEqual(["de_AT", "de_DE"]);
    expect(localeChain("en_US", definitions)).toEqual(["en_US"]);
    expect(localeChain("fr_CA", catalog({ fr_CA: "fr_FR", fr_FR: "en_US", en_US: null }))).toEqual(["fr_CA", "fr_FR", "en_US"]);
  });

  it("gives [null] when no locale is asked for", () => {
    expect(localeChain(null, definitions)).toEqual([null]);
  });

  it("keeps a locale the catalog does not know, without fallbacks", () => {
    expect(localeChain("xx_XX", definitions)).toEqual(["xx_XX"]);
  });

  it("stops at a fallback loop", () => {
    const looping = catalog({ pl_PL: "cs_CZ", cs_CZ: "sk_SK", sk_SK: "pl_PL" });
    expect(localeChain("pl_PL", looping)).toEqual(["pl_PL", "cs_CZ", "sk_SK"]);
    expect(localeChain("sk_SK", looping)).toEqual(["sk_SK", "pl_PL", "cs_CZ"]);
    expect(localeChain("en_US", catalog({ en_US: "en_US" }))).toEqual(["en_US"]);
  });

  it("stops at a loop further down the chain", () => {
    expect(localeChain("de_AT", catalog({ de_AT: "de_DE", de_DE: "de_CH", de_CH: "de_DE" }))).toEqual(["de_AT", "de_DE", "de_CH"]);
  });

  it("resolves a value through a looping chain without hanging", () => {
    const looping = catalog({ pl_PL: "cs_CZ", cs_CZ: "pl_PL" });
    const name = attribute("name", true, false);
    expect(resolveValue({ name: { [ALL_CHANNELS]: { en_US: "Mug" } } }, name, { locale: "pl_PL" }, looping)).toBeNull();
    expect(resolveValue({ name: { [ALL_CHANNELS]: { cs_CZ: "Hrnek" } } }, name, { locale: "pl_PL" }, looping)).toEqual({
      data: "Hrnek",
      locale: "cs_CZ",
      channel: null,
    });
  });
});
