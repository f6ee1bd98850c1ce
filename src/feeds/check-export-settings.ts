import type { ValidateFunction } from "ajv";
import type { FieldProblem } from "../errors.js";
import type { CatalogDefinitions, Category, Channel } from "../catalog/definitions.js";
import { treeOf } from "../catalog/read/categories.js";
import { problem } from "../catalog/reference/save-reference-entity.js";
import { ajv } from "../validation/json-schemas.js";
import { describeSchemaErrors } from "../validation/input-validation.js";
import { exporters } from "../../channel-exporters/index.js";
import { availabilities } from "./channel-product.js";
import { fieldNames, isOfferField, type ChannelExportSettings, type FieldName } from "./channel-export-settings.js";

const moneyFields: ReadonlySet<string> = new Set(["price", "salePrice"]);
const operatorFields: ReadonlySet<string> = new Set(["manufacturer", "responsiblePerson"]);

/** The `{name}`s of a rule's text that name no field: a typo would otherwise print literally in every item. */
function unknownPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}\s]{1,100})\}/g)].map((match) => match[1] as string))].filter(
    (name) => !(fieldNames as readonly string[]).includes(name),
  );
}
const optionValidators = new Map<string, ValidateFunction>();

/** The checks a JSON Schema cannot make: that every code a channel's export names exists and fits. */
export async function checkExportSettings(
  settings: ChannelExportSettings,
  channel: Pick<Channel, "locales" | "currencies" | "categoryTree">,
  definitions: CatalogDefinitions,
  categoriesByCode: (codes: string[]) => Promise<Array<Pick<Category, "code" | "ancestors">>>,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const at = (...path: Array<string | number>) => ["export", ...path.map(String)];
  const exporter = exporters.get(settings.exporter);
  if (!exporter) problems.push(problem(at("exporter"), `exporter ${settings.exporter} does not exist; known exporters: ${[...exporters.keys()].join(", ")}`));
  if (!channel.locales.includes(settings.locale)) problems.push(problem(at("locale"), `locale ${settings.locale} is not one of the channel's locales`));
  if (!channel.currencies.includes(settings.currency))
    problems.push(problem(at("currency"), `currency ${settings.currency} is not one of the channel's currencies`));

  for (const [field, mapping] of Object.entries(settings.fields ?? {})) {
    if (isOfferField(field)) {
      problems.push(
        problem(
          at("fields", field),
          `${field} cannot be mapped: every channel takes it from the product's prices, promotions and stock (a rule can still change it)`,
        ),
      );
      continue;
    }
    if (operatorFields.has(field)) {
      for (const key of ["value", "default"] as const) {
        const code = mapping[key];
        if (code !== undefined && !definitions.economicOperators.has(code))
          problems.push(problem(at("fields", field, key), `${field} names economic operator ${code}, which does not exist`));
      }
    }
    if (!mapping.attribute) continue;
    const attribute = definitions.attributes.get(mapping.attribute);
    if (!attribute) problems.push(problem(at("fields", field, "attribute"), `attribute ${mapping.attribute} does not exist`));
    else if (mapping.values && attribute.type !== "simpleselect" && attribute.type !== "multiselect")
      problems.push(problem(at("fields", field, "values"), `values translates option codes, and ${attribute.code} is ${attribute.type}, not a select`));
    else if (operatorFields.has(field) && !attribute.constraints.economicOperator)
      problems.push(
        problem(
          at("fields", field, "attribute"),
          `${field} names an economic operator, and ${attribute.code} does not hold one (its constraints lack economicOperator)`,
        ),
      );
  }

  const categories = await categoriesByCode(Object.keys(settings.categories ?? {}));
  for (const code of Object.keys(settings.categories ?? {})) {
    const category = categories.find((c) => c.code === code);
    if (!category) problems.push(problem(at("categories", code), `category ${code} does not exist`));
    else if (treeOf(category) !== channel.categoryTree)
      problems.push(problem(at("categories", code), `category ${code} is not in the channel's tree ${channel.categoryTree}`));
  }

  (settings.rules ?? []).forEach((rule, r) => {
    const conditions = rule.if ? ("all" in rule.if ? rule.if.all : rule.if.any) : [];
    conditions.forEach((condition, c) => {
      if (condition.attribute && !definitions.attributes.has(condition.attribute))
        problems.push(
          problem(at("rules", r, "if", "all" in (rule.if ?? {}) ? "all" : "any", c, "attribute"), `attribute ${condition.attribute} does not exist`),
        );
    });
    rule.then.forEach((action, a) => {
      if (action.action === "exclude") return;
      const field: FieldName = action.field;
      const unknown = "value" in action ? unknownPlaceholders(action.value) : [];
      if (unknown.length > 0)
        problems.push(
          problem(
            at("rules", r, "then", a, "value"),
            `${unknown.map((name) => `{${name}}`).join(", ")} ${unknown.length === 1 ? "is not a placeholder" : "are not placeholders"}: a rule's text may name the fields ${fieldNames.map((name) => `{${name}}`).join(", ")}`,
          ),
        );
      if (moneyFields.has(field) && (action.action !== "set" || !/^\d+(\.\d{1,4})?$/.test(action.value)))
        problems.push(problem(at("rules", r, "then", a), `${field} is money: a rule can only set it to an amount such as 19.99`));
      if (field === "availability" && (action.action !== "set" || !(availabilities as readonly string[]).includes(action.value)))
        problems.push(
          problem(at("rules", r, "then", a), `availability is a word the exporters translate: a rule can only set it to one of ${availabilities.join(", ")}`),
        );
      if (field === "images" && (action.action === "replace" || action.action === "truncate"))
        problems.push(problem(at("rules", r, "then", a), `images is a list of URLs: a rule can set, prepend or append one, not ${action.action} text`));
    });
  });

  if (exporter?.optionsSchema) {
    let validate = optionValidators.get(exporter.code);
    if (!validate) optionValidators.set(exporter.code, (validate = ajv.compile(exporter.optionsSchema)));
    if (!validate(settings.options ?? {})) problems.push(...describeSchemaErrors(validate.errors ?? [], ["export", "options"]));
  }
  return problems;
}
