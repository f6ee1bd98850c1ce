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

function toScaled(decimal: string, digits: number): bigint {
  const [whole = "0", fraction = ""] = decimal.replace("-", "").split(".");
  const value = BigInt(whole + fraction.padEnd(digits, "0").slice(0, digits));
  return decimal.startsWith("-") ? -value : value;
}

function fromScaled(value: bigint, digits: number): string {
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

const scale = 18;

/**
 * Converts an amount between units of one family with decimal arithmetic, so 1 POUND is exactly
 * 0.45359237 KILOGRAM (with decimals ≥ 8) and never 0.45359236999999997; rounds half away from zero.
 */
export function convertMeasurement(amount: string, family: MeasurementFamily, fromUnit: string, toUnit: string, decimals = 6): string {
  if (!decimalPattern.test(amount)) throw new Error(`"${amount}" is not a decimal number`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > scale) throw new Error(`decimals must be a whole number from 0 to ${scale}`);
  const units: Record<string, string> = measurementFamilies[family].units;
  for (const unit of [fromUnit, toUnit]) if (!Object.hasOwn(units, unit)) throw new Error(`unit ${unit} is not a ${family} unit`);
  // amount × from / to, rounded once at the end: numerator and denominator are exact integers.
  const numerator = toScaled(amount, scale) * toScaled(units[fromUnit] as string, scale) * 10n ** BigInt(decimals);
  const denominator = toScaled(units[toUnit] as string, scale) * 10n ** BigInt(scale);
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const rounded = 2n * (remainder < 0n ? -remainder : remainder) >= denominator ? quotient + (numerator < 0n ? -1n : 1n) : quotient;
  return fromScaled(rounded, decimals);
}
