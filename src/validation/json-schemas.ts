import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { projectRoot } from "../project-root.js";
import { addCustomKeywords } from "./custom-keywords.js";
import { linearRegExp } from "./linear-regex.js";

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

// strictRequired would forbid `required` inside if/then and oneOf branches, which the channel schemas rely on.
const options = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true } as const;
export const ajv = new Ajv(options);
addFormats(ajv);
addCustomKeywords(ajv);

/** For schemas generated from editors' data (families, attributes): their patterns run in linear time. */
export const linearAjv = new Ajv({ ...options, code: { regExp: linearRegExp } });
addFormats(linearAjv);
addCustomKeywords(linearAjv);

const compiledByFile = new Map<string, ValidateFunction>();
let registered = false;

/** Every schema under schema/ is known to ajv up front, so one schema can `$ref` another by its file name. */
function registerStaticSchemas(): void {
  if (registered) return;
  registered = true;
  for (const folder of ["", "channels"]) {
    for (const file of readdirSync(join(projectRoot, "schema", folder))) {
      if (!file.endsWith(".json")) continue;
      const schema = JSON.parse(readFileSync(join(projectRoot, "schema", folder, file), "utf8")) as { $id?: string };
      if (schema.$id) ajv.addSchema(schema);
    }
  }
}

/** Compiles a static schema from schema/ (a file name, or `channels/<file>`) once per process. */
export function staticSchemaValidator<T>(fileName: string): ValidateFunction<T> {
  let validate = compiledByFile.get(fileName);
  if (!validate) {
    registerStaticSchemas();
    const schema = JSON.parse(readFileSync(join(projectRoot, "schema", fileName), "utf8")) as { $id?: string };
    validate = (schema.$id && ajv.getSchema(schema.$id)) || ajv.compile(schema);
    compiledByFile.set(fileName, validate);
  }
  return validate as ValidateFunction<T>;
}

export type { ErrorObject };
