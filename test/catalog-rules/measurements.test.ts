import { describe, expect, it } from "vitest";
import { convertMeasurement, isMeasurementFamily, measurementFamilies, unitsOf } from "../../src/catalog/values/measurements.js";

describe("convertMeasurement", () => {
  it("converts exactly, without binary floating point noise", () => {
    expect(convertMeasurement("1", "weight", "POUND", "KILOGRAM", 8)).toBe("0.45359237");
    expect(convertMeasurement("2.54", "length", "CENTIMETER", "INCH")).toBe("1");
    expect(convertMeasurement("1500", "volume", "MILLILITER", "LITER")).toBe("1.5");
    expect(convertMeasurement("0.3", "length", "METER", "CENTIMETER")).toBe("30");
    expect(convertMeasurement("0.1", "weight", "KILOGRAM", "GRAM")).toBe("100");
  });

  it("converts between two non-standard units", () => {
    expect(convertMeasurement("1", "weight", "POUND", "OUNCE")).toBe("16");
    expect(convertMeasurement("1", "length", "FOOT", "INCH")).toBe("12");
    expect(convertMeasurement("1", "length", "INCH", "MILLIMETER")).toBe("25.4");
    expect(convertMeasurement("250", "volume", "CUBIC_CENTIMETER", "MILLILITER")).toBe("250");
  });

  it("handles large amounts and units", () => {
    expect(convertMeasurement("1", "volume", "CUBIC_METER", "MILLILITER")).toBe("1000000");
    expect(convertMeasurement("123456789012345", "weight", "KILOGRAM", "MILLIGRAM")).toBe("123456789012345000000");
  });

  it("returns the amount unchanged, in canonical form, for the same unit", () => {
    expect(convertMeasurement("12.500", "weight", "GRAM", "GRAM")).toBe("12.5");
    expect(convertMeasurement("007", "weight", "GRAM", "GRAM")).toBe("7");
    expect(convertMeasurement("0", "weight", "GRAM", "GRAM")).toBe("0");
  });

  it("converts negative amounts", () => {
    expect(convertMeasurement("-3", "weight", "POUND", "KILOGRAM", 8)).toBe("-1.36077711");
    expect(convertMeasurement("-2.54", "length", "CENTIMETER", "INCH")).toBe("-1");
    expect(convertMeasurement("-1500", "volume", "MILLILITER", "LITER")).toBe("-1.5");
  });

  it("rounds to 6 decimals by default", () => {
    expect(convertMeasurement("1", "weight", "POUND", "KILOGRAM")).toBe("0.453592");
    expect(convertMeasurement("1", "weight", "KILOGRAM", "POUND")).toBe("2.204623");
    expect(convertMeasurement("1", "weight", "OUNCE", "GRAM")).toBe("28.349523");
  });

  it("rounds to the requested number of decimals, half away from zero", () => {
    expect(convertMeasurement("1", "weight", "OUNCE", "GRAM", 2)).toBe("28.35");
    expect(convertMeasurement("1", "weight", "KILOGRAM", "POUND", 2)).toBe("2.2");
    expect(convertMeasurement("-1", "weight", "KILOGRAM", "POUND", 2)).toBe("-2.2");
    expect(convertMeasurement("1", "weight", "POUND", "KILOGRAM", 3)).toBe("0.454");
    expect(convertMeasurement("0.0005", "weight", "KILOGRAM", "KILOGRAM", 3)).toBe("0.001");
    expect(convertMeasurement("-0.0005", "weight", "KILOGRAM", "KILOGRAM", 3)).toBe("-0.001");
    expect(convertMeasurement("0.00049", "weight", "KILOGRAM", "KILOGRAM", 3)).toBe("0");
    expect(convertMeasurement("2.5", "weight", "KILOGRAM", "KILOGRAM", 0)).toBe("3");
    expect(convertMeasurement("1.26", "length", "FOOT", "INCH", 0)).toBe("15");
  });

  it("does not return a negative zero when a small negative amount rounds away", () => {
    expect(convertMeasurement("-0.0000001", "weight", "KILOGRAM", "KILOGRAM")).toBe("0");
    expect(convertMeasurement("-0.4", "weight", "GRAM", "KILOGRAM", 3)).toBe("0");
  });

  it("refuses amounts that are not plain decimal strings", () => {
    for (const amount of ["", "abc", "1e3", "1,5", " 1", "1 ", "+1", ".5", "1.", "--1", "0x10", "NaN", "Infinity"]) {
      expect(() => convertMeasurement(amount, "weight", "GRAM", "KILOGRAM"), JSON.stringify(amount)).toThrow(`"${amount}" is not a decimal number`);
    }
  });

  it("refuses units that are not units of the family", () => {
    expect(() => convertMeasurement("1", "weight", "STONE", "GRAM")).toThrow("unit STONE is not a weight unit");
    expect(() => convertMeasurement("1", "weight", "GRAM", "METER")).toThrow("unit METER is not a weight unit");
    expect(() => convertMeasurement("1", "length", "gram", "METER")).toThrow("unit gram is not a length unit");
    expect(() => convertMeasurement("1", "volume", "LITER", "")).toThrow("unit  is not a volume unit");
  });

  it("refuses unit names that are properties of every object", () => {
    expect(() => convertMeasurement("1", "weight", "GRAM", "toString")).toThrow("unit toString is not a weight unit");
  });

  it("rounds exactly when amount × factor has more than 18 decimals", () => {
    expect(convertMeasurement("0.0000001", "weight", "OUNCE", "POUND", 10)).toBe("0.0000000063");
  });
});

describe("unitsOf and isMeasurementFamily", () => {
  it("lists the units of each family, including the standard unit", () => {
    expect(unitsOf("weight")).toEqual(["MILLIGRAM", "GRAM", "KILOGRAM", "OUNCE", "POUND"]);
    expect(unitsOf("length")).toEqual(["MILLIMETER", "CENTIMETER", "METER", "INCH", "FOOT"]);
    expect(unitsOf("volume")).toEqual(["MILLILITER", "CUBIC_CENTIMETER", "LITER", "CUBIC_METER"]);
    for (const [family, { standard }] of Object.entries(measurementFamilies)) {
      expect(unitsOf(family as keyof typeof measurementFamilies)).toContain(standard);
    }
  });

  it("gives every standard unit the factor 1", () => {
    for (const { standard, units } of Object.values(measurementFamilies)) {
      expect((units as Record<string, string>)[standard]).toBe("1");
    }
  });

  it("recognizes the known families only", () => {
    expect(isMeasurementFamily("weight")).toBe(true);
    expect(isMeasurementFamily("length")).toBe(true);
    expect(isMeasurementFamily("volume")).toBe(true);
    expect(isMeasurementFamily("Weight")).toBe(false);
    expect(isMeasurementFamily("temperature")).toBe(false);
    expect(isMeasurementFamily("")).toBe(false);
  });

  it("does not take Object.prototype properties for families", () => {
    expect(isMeasurementFamily("toString")).toBe(false);
    expect(isMeasurementFamily("constructor")).toBe(false);
    expect(isMeasurementFamily("__proto__")).toBe(false);
  });
});
