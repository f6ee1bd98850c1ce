import { describe, expect, it } from "vitest";
import { isValidGtin } from "../../src/catalog/values/gtin.js";

const validCodes = {
  "GTIN-8": "96385074",
  "GTIN-12 (UPC-A)": "036000291452",
  "GTIN-13 (EAN)": "4006381333931",
  "GTIN-14": "10012345678902",
};

function withCheckDigit(code: string, digit: number): string {
  return code.slice(0, -1) + String(digit);
}

describe("isValidGtin", () => {
  for (const [kind, code] of Object.entries(validCodes)) {
    it(`accepts a real ${kind} code`, () => {
      expect(isValidGtin(code)).toBe(true);
    });

    it(`rejects the ${kind} code with every other check digit`, () => {
      const correct = Number(code.at(-1));
      for (let digit = 0; digit <= 9; digit++) {
        if (digit !== correct) expect(isValidGtin(withCheckDigit(code, digit)), withCheckDigit(code, digit)).toBe(false);
      }
    });
  }

  it("accepts more real codes, including a check digit of 0", () => {
    for (const code of ["5901234123457", "9780306406157", "012345678905", "73513537", "40170725", "00012345600012"]) {
      expect(isValidGtin(code), code).toBe(true);
    }
  });

  it("detects two swapped neighbouring digits", () => {
    expect(isValidGtin("4006381333931")).toBe(true);
    expect(isValidGtin("4060381333931")).toBe(false);
  });

  it("weights the digits by position from the right, so a GTIN-13 left-padded to 14 digits stays valid", () => {
    expect(isValidGtin("04006381333931")).toBe(true);
    expect(isValidGtin("0036000291452")).toBe(true);
  });

  it("rejects lengths other than 8, 12, 13 and 14", () => {
    for (const code of ["", "0", "1234567", "123456789", "12345678901", "123456789012345", "4006381333931" + "0"]) {
      expect(isValidGtin(code), JSON.stringify(code)).toBe(false);
    }
  });

  it("rejects a valid code cut to another allowed length", () => {
    expect(isValidGtin("400638133393")).toBe(false);
  });

  it("rejects non-digits, signs, spaces and separators", () => {
    for (const code of ["400638133393A", "4006381-33393", " 4006381333931", "4006381333931 ", "4006381 333931", "+96385074", "9638507.", "９６３８５０７４"]) {
      expect(isValidGtin(code), JSON.stringify(code)).toBe(false);
    }
  });

  it("rejects a code with a trailing newline", () => {
    expect(isValidGtin("4006381333931\n")).toBe(false);
  });
});
