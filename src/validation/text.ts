import type { FieldProblem } from "../errors.js";

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Tab, line feed and carriage return are text; the other C0 controls break feeds, spreadsheets and lookups.
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Why a text cannot be stored, or null. A lone surrogate is not Unicode at all (a SKU holding one can
 * never be typed or found again); control characters other than tab and line breaks are invisible and
 * break the XML and CSV the channels read.
 */
export function textProblem(text: string): string | null {
  const surrogate = loneSurrogate.exec(text);
  if (surrogate) return `is not well-formed Unicode: it holds a lone surrogate (${codePoint(surrogate[0])}) at character ${surrogate.index + 1}`;
  const control = controlCharacter.exec(text);
  if (control) return `holds the control character ${codePoint(control[0])} at character ${control.index + 1}; only tab and line breaks are allowed`;
  return null;
}

/** Every string, and every object key, under `value` that textProblem refuses, each named by its path; at most `max`. */
export function textProblems(value: unknown, path: string[] = [], max = 20): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path }];
  while (stack.length > 0 && problems.length < max) {
    const next = stack.pop() as { value: unknown; path: string[] };
    if (typeof next.value === "string") {
      const problem = textProblem(next.value);
      if (problem) problems.push({ path: next.path, message: `${next.path.join(".") || "the text"} ${problem}` });
    } else if (Array.isArray(next.value)) {
      next.value.forEach((item, i) => {
        stack.push({ value: item, path: [...next.path, String(i)] });
      });
    } else if (next.value && typeof next.value === "object" && !(next.value instanceof Date)) {
      for (const [key, item] of Object.entries(next.value)) {
        const keyProblem = textProblem(key);
        if (keyProblem) problems.push({ path: next.path, message: `a key of ${next.path.join(".") || "the input"} ${keyProblem}` });
        stack.push({ value: item, path: [...next.path, key] });
      }
    }
  }
  return problems;
}
