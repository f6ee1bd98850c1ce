import type { ErrorObject } from "ajv";
import { PimError, type FieldProblem } from "../errors.js";
import { staticSchemaValidator } from "./json-schemas.js";

const patternExplanations: Record<string, string> = {
  "^[a-z][a-z0-9_]{0,99}$": "must start with a lowercase letter and use only lowercase letters, digits and underscores (at most 100)",
  "^[a-z0-9][a-z0-9_]{0,99}$": "must use only lowercase letters, digits and underscores (at most 100)",
  "^[a-z]{2,3}_[A-Z]{2}$": "must be a locale code like en_US",
  "^[A-Z]{3}$": "must be an ISO 4217 currency code like EUR",
  "^[A-Z_]{1,50}$": "must be a unit code like KILOGRAM",
  "^[a-z][a-z0-9_]{0,63}$": "must start with a lowercase letter and use only lowercase letters, digits and underscores (at most 64)",
  "^[a-z0-9][a-z0-9_-]{0,99}$": "must use only lowercase letters, digits, _ and - (at most 100)",
  "^(0|[1-9]\\d{0,11})(\\.\\d{1,4})?$": "must be a non-negative decimal amount written like 19.99 (a string, at most 4 decimals, no sign or exponent)",
  "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$":
    "must be a date and time with its time zone offset, like 2026-11-27T00:00:00+01:00",
  // Channel item schemas (schema/channels/): what a rejected item's report says.
  "^https?://[!-~]+$": "must be an absolute http(s) URL in plain ASCII",
  "^[0-9]{8}$|^[0-9]{12,14}$": "must be a GTIN of 8, 12, 13 or 14 digits",
  "^[0-9]+\\.[0-9]{2} [A-Z]{3}$": "must be an amount with two decimals and a currency, like 15.00 USD",
  "^(?!0+\\.00$)[0-9]+\\.[0-9]{2}$": "must be an amount above zero with two decimals, like 79.01",
  "^[A-Za-z0-9_-]{1,50}$": "must be at most 50 letters, digits, _ or -",
  "^\\s*\\S+(?:\\s+\\S+){2,}\\s*$": "must have at least three words",
  "^(?:(?!\\S{31})[\\s\\S])*$": "must not have a word longer than 30 characters",
  "^(?:[^<]|</?(?:h1|h2|p|ul|ol|li|b)>)*$": "may only use the tags h1, h2, p, ul, ol, li and b, without attributes",
  "^[^!$?_{}^¬¦]+$": "must not contain any of ! $ ? _ { } ^ ¬ ¦",
};

export function explainSchemaError(error: ErrorObject): FieldProblem {
  const path = error.instancePath.split("/").slice(1);
  if (error.keyword === "additionalProperties") {
    const name = String(error.params.additionalProperty);
    return { path: [...path, name], message: `${[...path, name].join(".")} is not a known field` };
  }
  if (error.keyword === "required") {
    const name = String(error.params.missingProperty);
    return { path: [...path, name], message: `${[...path, name].join(".")} is required` };
  }
  const field = path.join(".") || "input";
  if (error.keyword === "pattern") {
    const explanation = patternExplanations[String(error.params.pattern)] ?? `must match ${String(error.params.pattern)}`;
    return { path, message: `${field} ${explanation}` };
  }
  if (error.keyword === "enum") return { path, message: `${field} must be one of ${(error.params.allowedValues as unknown[]).join(", ")}` };
  if (error.keyword === "x-gtin") return { path, message: `${field} is not a valid GTIN: 8, 12, 13 or 14 digits ending in a GS1 check digit` };
  if (error.keyword === "maxLength") return { path, message: `${field} is longer than ${String(error.params.limit)} characters` };
  if (error.keyword === "oneOf") return { path, message: `${field} must have exactly one of the alternatives it allows (e.g. field or attribute, not both)` };
  if (error.keyword === "not") return { path, message: `${field} has a combination of properties that is not allowed together` };
  if (error.keyword === "propertyNames")
    return { path, message: `${field} has a key that ${patternExplanations[String(error.params?.pattern)] ?? "is not allowed"}` };
  return { path, message: `${field} ${error.message ?? "is invalid"}` };
}

/** Validates input against a static schema from schema/ and throws BAD_USER_INPUT naming every problem. */
export function assertValidInput<T>(schemaFile: string, input: unknown, what: string): asserts input is T {
  const validate = staticSchemaValidator<T>(schemaFile);
  if (validate(input)) return;
  const problems = describeSchemaErrors(validate.errors ?? []);
  throw new PimError("BAD_USER_INPUT", `Invalid ${what}: ${problems.map((p) => p.message).join("; ")}`, problems);
}

/** ajv's errors as field problems, each once, with the combinators' summary errors left out. */
export function describeSchemaErrors(errors: ErrorObject[], prefix: string[] = []): FieldProblem[] {
  const combinators = new Set(["anyOf", "oneOf", "if", "not"]);
  const specific = errors.filter((e) => !combinators.has(e.keyword));
  return dedupe(
    (specific.length ? specific : errors)
      .map(explainSchemaError)
      .map((p) => (prefix.length ? { ...p, path: [...prefix, ...p.path], message: `${prefix.join(".")}.${p.message}` } : p)),
  );
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path.join("/")}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
