import type { ErrorObject } from "ajv";
import { PimError, type FieldProblem } from "../errors.js";
import { staticSchemaValidator } from "./json-schemas.js";

const patternExplanations: Record<string, string> = {
  "^[a-z][a-z0-9_]{0,99}$": "must start with a lowercase letter and use only lowercase letters, digits and underscores (at most 100)",
  "^[a-z0-9][a-z0-9_]{0,99}$": "must use only lowercase letters, digits and underscores (at most 100)",
  "^[a-z]{2,3}_[A-Z]{2}$": "must be a locale code like en_US",
  "^[A-Z]{3}$": "must be an ISO 4217 currency code like EUR",
  "^[A-Z_]{1,50}$": "must be a unit code like KILOGRAM",
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
  if (error.keyword === "propertyNames") return { path, message: `${field} has a key that ${patternExplanations[String(error.params?.pattern)] ?? "is not allowed"}` };
  return { path, message: `${field} ${error.message ?? "is invalid"}` };
}

/** Validates input against a static schema from schema/ and throws BAD_USER_INPUT naming every problem. */
export function assertValidInput<T>(schemaFile: string, input: unknown, what: string): asserts input is T {
  const validate = staticSchemaValidator<T>(schemaFile);
  if (validate(input)) return;
  const problems = dedupe((validate.errors ?? []).filter((e) => e.keyword !== "anyOf" && e.keyword !== "if").map(explainSchemaError));
  throw new PimError("BAD_USER_INPUT", `Invalid ${what}: ${problems.map((p) => p.message).join("; ")}`, problems);
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
