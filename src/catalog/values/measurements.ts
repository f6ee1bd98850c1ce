/** Conversion factors to each family's standard unit, as exact decimal strings. */
export const measurementFamilies = {
  weight: { standard: "KILOGRAM", units: { MILLIGRAM: "0.000001", GRAM: "0.001", KILOGRAM: "1", OUNCE: "0.028349523125", POUND: "0.45359237" } },
  length: { standard: "METER", units: { MILLIMETER: "0.001", CENTIMETER: "0.01", METER: "1", INCH: "0.0254", FOOT: "0.3048" } },
  volume: { standard: "LITER", units: { MILLILITER: "0.001", CUBIC_CENTIMETER: "0.001", LITER: "1", CUBIC_METER: "1000" } },
} as const satisfies Record<string, { standard: string; units: Record<string, string> }>;

export type MeasurementFamily = keyof typeof measurementFamilies;

export function isMeasurementFamily(name: string): name is MeasurementFamily {
  return Object.hasOwn(measurementFamilies, name);
}

export function unitsOf(family: MeasurementFamily): string[] {
  return Object.keys(measurementFamilies[family].units);
}

const decimalPattern = /^-?\d+(\.\d+)?$/;

function toScaled(decimal: string, scale: number): bigint {
  const [whole = "0", fraction = ""] = decimal.replace("-", "").split(".");
  const value = BigInt(whole + fraction.padEnd(scale, "0").slice(0, scale));
  return decimal.startsWith("-") ? -value : value;
}

function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/**
 * Converts an amount between units of one family with decimal arithmetic, so 1 POUND is exactly
 * 0.45359237 KILOGRAM and never 0.45359236999999997.
 */
export function convertMeasurement(amount: string, family: MeasurementFamily, fromUnit: string, toUnit: string, decimals = 6): string {
  if (!decimalPattern.test(amount)) throw new Error(`"${amount}" is not a decimal number`);
  const units: Record<string, string> = measurementFamilies[family].units;
  const from = units[fromUnit];
  const to = units[toUnit];
  if (!from || !to) throw new Error(`unit ${!from ? fromUnit : toUnit} is not a ${family} unit`);
  const scale = 18;
  const inStandard = (toScaled(amount, scale) * toScaled(from, scale)) / 10n ** BigInt(scale);
  const converted = (inStandard * 10n ** BigInt(scale)) / toScaled(to, scale);
  const rounding = 10n ** BigInt(scale - decimals);
  const half = converted < 0n ? -rounding / 2n : rounding / 2n;
  return fromScaled(((converted + half) / rounding) * rounding, scale);
}
