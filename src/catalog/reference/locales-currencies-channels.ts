import type { FieldProblem } from "../../errors.js";
import type { Channel, Labels, Locale } from "../definitions.js";
import type { ChannelDoc, CurrencyDoc, LocaleDoc } from "../models.js";
import { checkExportSettings } from "../../feeds/check-export-settings.js";
import { problem, type ReferenceEntitySpec } from "./save-reference-entity.js";

const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

export const localeSpec: ReferenceEntitySpec<Locale, LocaleDoc> = {
  entityType: "locale",
  schemaFile: "locale.schema.json",
  what: "locale",
  model: (context) => context.models.locales,
  check: (input, _existing, definitions) => {
    const problems: FieldProblem[] = [];
    let fallback = input.fallback ?? null;
    const seen = new Set([input.code]);
    if (fallback && !definitions.locales.has(fallback)) problems.push(problem(["fallback"], `fallback locale ${fallback} does not exist`));
    while (fallback && definitions.locales.has(fallback)) {
      if (seen.has(fallback)) {
        problems.push(problem(["fallback"], `fallback ${input.fallback} would make a loop of fallbacks back to ${input.code}`));
        break;
      }
      seen.add(fallback);
      fallback = definitions.locales.get(fallback)?.fallback ?? null;
    }
    return problems;
  },
  toDocument: (input) => ({ label: input.label, fallback: input.fallback ?? null }),
};

export const currencySpec: ReferenceEntitySpec<{ code: string }, CurrencyDoc> = {
  entityType: "currency",
  schemaFile: "currency.schema.json",
  what: "currency",
  model: (context) => context.models.currencies,
  check: (input) => (isoCurrencies.has(input.code) ? [] : [problem(["code"], `${input.code} is not an ISO 4217 currency code`)]),
  toDocument: () => ({}),
};

interface ChannelInput extends Omit<Channel, "labels" | "export"> {
  labels?: Labels;
  export?: Channel["export"];
}

export const channelSpec: ReferenceEntitySpec<ChannelInput, ChannelDoc> = {
  entityType: "channel",
  schemaFile: "channel.schema.json",
  what: "channel",
  model: (context) => context.models.channels,
  check: async (input, _existing, definitions, context) => {
    const problems: FieldProblem[] = [];
    input.locales.forEach((locale, i) => {
      if (!definitions.locales.has(locale)) problems.push(problem(["locales", String(i)], `locale ${locale} is not a locale of the catalog`));
    });
    input.currencies.forEach((currency, i) => {
      if (!definitions.currencies.has(currency)) problems.push(problem(["currencies", String(i)], `currency ${currency} is not a currency of the catalog`));
    });
    const tree = await context.models.categories.findById(input.categoryTree).lean();
    if (!tree) problems.push(problem(["categoryTree"], `category tree ${input.categoryTree} does not exist`));
    else if (tree.parent) problems.push(problem(["categoryTree"], `category ${input.categoryTree} is not the root of a tree`));
    if (input.export)
      problems.push(
        ...(await checkExportSettings(input.export, input, definitions, async (codes) => {
          const found = await context.models.categories.find({ _id: { $in: codes } }, { ancestors: 1 }).lean();
          return found.map((category) => ({ code: String(category._id), ancestors: category.ancestors }));
        })),
      );
    return problems;
  },
  toDocument: (input) => ({
    labels: input.labels ?? {},
    locales: input.locales,
    currencies: input.currencies,
    categoryTree: input.categoryTree,
    export: input.export ?? null,
  }),
  afterSave: async (before, after, context) => {
    const scopeChanged =
      !before || JSON.stringify(before.locales) !== JSON.stringify(after.locales) || JSON.stringify(before.currencies) !== JSON.stringify(after.currencies);
    if (scopeChanged) await context.completeness.request({});
  },
};
