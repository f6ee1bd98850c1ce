import { describe, expect, it } from "vitest";
import {
  ALL_CHANNELS,
  ALL_LOCALES,
  getRawValue,
  isEmptyData,
  mergeInheritedValues,
  setRawValue,
  toRawValues,
  toValueEntries,
  type RawValues,
} from "../../src/catalog/values/raw-values.js";

describe("isEmptyData", () => {
  it("treats null, undefined, blank strings and empty lists as no value", () => {
    for (const data of [null, undefined, "", "   ", "\n\t", []]) expect(isEmptyData(data), JSON.stringify(data)).toBe(true);
  });

  it("treats false, zero, objects and non-blank strings as values", () => {
    for (const data of [false, 0, "0", " x ", ["a"], {}, { amount: "1", unit: "GRAM" }]) expect(isEmptyData(data), JSON.stringify(data)).toBe(false);
  });
});

describe("toRawValues and toValueEntries", () => {
  const entries = {
    name: [
      { locale: "en_US", channel: null, data: "Mug" },
      { locale: "pl_PL", channel: null, data: "Kubek" },
    ],
    description: [{ locale: "en_US", channel: "ecommerce", data: "<p>Mug</p>" }],
    weight: [{ locale: null, channel: null, data: { amount: "0.3", unit: "KILOGRAM" } }],
    dishwasher_safe: [{ locale: null, channel: null, data: false }],
  };

  it("keys values by attribute, channel and locale, with placeholders for all channels and all locales", () => {
    expect(toRawValues(entries)).toEqual({
      name: { [ALL_CHANNELS]: { en_US: "Mug", pl_PL: "Kubek" } },
      description: { ecommerce: { en_US: "<p>Mug</p>" } },
      weight: { [ALL_CHANNELS]: { [ALL_LOCALES]: { amount: "0.3", unit: "KILOGRAM" } } },
      dishwasher_safe: { [ALL_CHANNELS]: { [ALL_LOCALES]: false } },
    });
  });

  it("gives back the same entries", () => {
    expect(toValueEntries(toRawValues(entries))).toEqual(entries);
  });

  it("round-trips raw values", () => {
    const raw = toRawValues(entries);
    expect(toRawValues(toValueEntries(raw))).toEqual(raw);
  });

  it("drops empty data and attributes left without values", () => {
    const raw = toRawValues({
      name: [
        { locale: "en_US", channel: null, data: "Mug" },
        { locale: "pl_PL", channel: null, data: "  " },
      ],
      materials: [{ locale: null, channel: null, data: [] }],
      ean: [{ locale: null, channel: null, data: null }],
    });
    expect(raw).toEqual({ name: { [ALL_CHANNELS]: { en_US: "Mug" } } });
  });

  it("lets a later entry for the same cell win, and an empty later entry clear it", () => {
    expect(
      toRawValues({
        name: [
          { locale: "en_US", channel: null, data: "First" },
          { locale: "en_US", channel: null, data: "Second" },
        ],
        ean: [
          { locale: null, channel: null, data: "4006381333931" },
          { locale: null, channel: null, data: "" },
        ],
      }),
    ).toEqual({ name: { [ALL_CHANNELS]: { en_US: "Second" } } });
  });

  it("gives no entries for no values", () => {
    expect(toRawValues({})).toEqual({});
    expect(toValueEntries({})).toEqual({});
  });
});

describe("setRawValue", () => {
  function sample(): RawValues {
    return {
      name: { [ALL_CHANNELS]: { en_US: "Mug", pl_PL: "Kubek" } },
      description: { ecommerce: { en_US: "<p>Mug</p>" }, print: { en_US: "Mug" } },
      ean: { [ALL_CHANNELS]: { [ALL_LOCALES]: "4006381333931" } },
    };
  }

  it("sets a value, creating the levels it needs", () => {
    const raw: RawValues = {};
    setRawValue(raw, "description", "ecommerce", "en_US", "<p>Mug</p>");
    setRawValue(raw, "ean", null, null, "4006381333931");
    expect(raw).toEqual({ description: { ecommerce: { en_US: "<p>Mug</p>" } }, ean: { [ALL_CHANNELS]: { [ALL_LOCALES]: "4006381333931" } } });
    expect(getRawValue(raw, "description", "ecommerce", "en_US")).toBe("<p>Mug</p>");
    expect(getRawValue(raw, "ean", null, null)).toBe("4006381333931");
  });

  it("overwrites one cell and leaves its neighbours alone", () => {
    const raw = sample();
    setRawValue(raw, "name", null, "en_US", "Big mug");
    expect(raw.name).toEqual({ [ALL_CHANNELS]: { en_US: "Big mug", pl_PL: "Kubek" } });
    expect(raw.description).toEqual(sample().description);
  });

  it("clears a cell on empty data and keeps the others of the same locale map", () => {
    const raw = sample();
    setRawValue(raw, "name", null, "pl_PL", "");
    expect(raw.name).toEqual({ [ALL_CHANNELS]: { en_US: "Mug" } });
  });

  it("prunes a channel left without locales, and an attribute left without channels", () => {
    const raw = sample();
    setRawValue(raw, "description", "print", "en_US", null);
    expect(raw.description).toEqual({ ecommerce: { en_US: "<p>Mug</p>" } });
    setRawValue(raw, "description", "ecommerce", "en_US", "   ");
    expect(raw).not.toHaveProperty("description");
    setRawValue(raw, "ean", null, null, []);
    expect(Object.keys(raw)).toEqual(["name"]);
  });

  it("does nothing when clearing a value that is not there", () => {
    const raw = sample();
    setRawValue(raw, "weight", null, null, null);
    setRawValue(raw, "description", "mobile", "en_US", null);
    setRawValue(raw, "name", null, "de_DE", "");
    expect(raw).toEqual(sample());
  });

  it("stores false and 0 as values", () => {
    const raw: RawValues = {};
    setRawValue(raw, "dishwasher_safe", null, null, false);
    setRawValue(raw, "pieces", null, null, 0);
    expect(getRawValue(raw, "dishwasher_safe", null, null)).toBe(false);
    expect(getRawValue(raw, "pieces", null, null)).toBe(0);
  });
});

describe("mergeInheritedValues", () => {
  const root: RawValues = {
    name: { [ALL_CHANNELS]: { en_US: "Crew T-shirt", pl_PL: "Koszulka" } },
    description: { ecommerce: { en_US: "Soft cotton" }, print: { en_US: "Cotton" } },
    brand: { [ALL_CHANNELS]: { [ALL_LOCALES]: "nordvik" } },
  };
  const subModel: RawValues = {
    color: { [ALL_CHANNELS]: { [ALL_LOCALES]: "navy" } },
    description: { ecommerce: { en_US: "Soft navy cotton" } },
  };
  const variant: RawValues = {
    size: { [ALL_CHANNELS]: { [ALL_LOCALES]: "s" } },
    name: { [ALL_CHANNELS]: { pl_PL: "Koszulka S" } },
  };

  it("lets the nearest level override single cells only", () => {
    expect(mergeInheritedValues(root, subModel, variant)).toEqual({
      name: { [ALL_CHANNELS]: { en_US: "Crew T-shirt", pl_PL: "Koszulka S" } },
      description: { ecommerce: { en_US: "Soft navy cotton" }, print: { en_US: "Cotton" } },
      brand: { [ALL_CHANNELS]: { [ALL_LOCALES]: "nordvik" } },
      color: { [ALL_CHANNELS]: { [ALL_LOCALES]: "navy" } },
      size: { [ALL_CHANNELS]: { [ALL_LOCALES]: "s" } },
    });
  });

  it("depends on the order of the levels: the last one wins", () => {
    expect(mergeInheritedValues(variant, root).name).toEqual({ [ALL_CHANNELS]: { en_US: "Crew T-shirt", pl_PL: "Koszulka" } });
  });

  it("does not change the levels it merges", () => {
    const before = structuredClone([root, subModel, variant]);
    const merged = mergeInheritedValues(root, subModel, variant);
    merged.name![ALL_CHANNELS]!.en_US = "changed";
    expect([root, subModel, variant]).toEqual(before);
  });

  it("merges nothing into nothing", () => {
    expect(mergeInheritedValues()).toEqual({});
    expect(mergeInheritedValues({}, root)).toEqual(root);
  });
});
