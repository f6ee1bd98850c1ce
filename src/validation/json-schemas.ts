import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { projectRoot } from "../project-root.js";
import { addCustomKeywords } from "./custom-keywords.js";

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
addCustomKeywords(ajv);

const compiledByFile = new Map<string, ValidateFunction>();

/** Compiles a static schema from schema/ once per process. */
export function staticSchemaValidator<T>(fileName: string): ValidateFunction<T> {
  let validate = compiledByFile.get(fileName);
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(projectRoot, "schema", fileName), "utf8")) as object;
    validate = ajv.compile(schema);
    compiledByFile.set(fileName, validate);
  }
  return validate as ValidateFunction<T>;
}

export type { ErrorObject };
