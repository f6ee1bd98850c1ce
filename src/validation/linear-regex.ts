import type { RegExpEngine } from "ajv/dist/types/index.js";
import { RE2JS } from "re2js";

/**
 * Patterns that editors store (an attribute's `pattern`) run on RE2's linear-time engine (re2js): however
 * the pattern and the text are written, matching takes time proportional to the text. A backtracking
 * engine spent 17 s on one write against `^([A-Z0-9]+-?)+$`, holding the whole service.
 */
export const maxPatternLength = 1000;

/**
 * JSON Schema patterns are written in JavaScript's syntax; RE2 writes a code point as `\x{263A}`, not
 * `\u263A` or `\u{263A}`. Everything else both engines share reads the same.
 */
function re2Syntax(pattern: string): string {
  return pattern.replace(/\\\\|\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})/g, (sequence, braced?: string, plain?: string) => {
    const hex = braced ?? plain;
    return hex === undefined ? sequence : `\\x{${hex}}`;
  });
}

function compile(pattern: string): RE2JS {
  return RE2JS.compile(re2Syntax(pattern));
}

/** Why a pattern cannot be stored, or null: RE2 has no backreferences, lookahead or lookbehind, which are what make matching exponential. */
export function linearPatternProblem(pattern: string): string | null {
  if (pattern.length > maxPatternLength) return `pattern is longer than ${maxPatternLength} characters`;
  try {
    compile(pattern);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : String(error);
    return `pattern cannot run on the linear-time engine patterns use (no backreferences, lookahead or lookbehind): ${reason}`;
  }
}

/** The engine ajv runs `pattern` keywords on in schemas made from editors' data. */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string) => {
    const compiled = compile(pattern);
    // ajv shares one compiled pattern among schemas by its toString(): it must tell patterns apart.
    return { test: (text: string) => compiled.matcher(text).find(), toString: () => `/${pattern}/` };
  },
  { code: "linearRegExp" },
);
