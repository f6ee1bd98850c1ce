import type { Attribute, AttributeConstraints, Category, Family } from "../../catalog/definitions.js";
import { attributeSpec } from "../../catalog/reference/attributes.js";
import { categorySpec } from "../../catalog/reference/categories.js";
import { familySpec } from "../../catalog/reference/families.js";
import type { ReferenceEntitySpec } from "../../catalog/reference/save-reference-entity.js";
import type { CatalogServices } from "../../catalog/services.js";
import type { FieldProblem } from "../../errors.js";
import { parseBoolean, parseDecimal, splitList } from "../layout/cells.js";
import type { RowProblem } from "../layout/product-rows.js";
import { checkThenSave, problemsOfError, type EntityRows, type ImportKind } from "./entity-rows.js";

type Cells = Record<string, string>;
type Converted<Input> = { input: Input; created?: boolean } | { problems: RowProblem[] };

/**
 * One kind of reference data in Akeneo's columns: which columns it reads (plain, and prefixed like
 * `label-<locale>`), how a row lays over the stored entity (a column left out keeps what is stored),
 * and which save function and spec check it, the same as the GraphQL mutations.
 */
interface ReferenceKind<Input extends { code: string }, Stored> {
  key: (cells: Cells) => string;
  required: string[];
  columns: Record<string, string>;
  prefixes: Record<string, string>;
  /** Akeneo columns this PIM has no field for: read and skipped, so an Akeneo export imports as it is. */
  skipped?: string[];
  spec: ReferenceEntitySpec<Input, Stored>;
  save: (catalog: CatalogServices) => (input: unknown, actor: string) => Promise<{ changed: boolean; created: boolean }>;
  toInput: (cells: Cells, catalog: CatalogServices) => Promise<Converted<Input>>;
}

type Stored<T extends { code: string }> = Omit<T, "code"> & { _id: string; __v?: number };

/** A stored document as the input that would save it again unchanged. */
function inputOf<T extends { code: string }>(stored: Stored<T> | null, omit: string[] = []): Partial<T> {
  if (!stored) return {};
  const { _id, __v: _version, ...rest } = stored;
  for (const key of omit) delete (rest as Record<string, unknown>)[key];
  return { ...rest, code: _id } as unknown as Partial<T>;
}

/** `label-<locale>` cells laid over the stored labels; an empty cell removes its label. */
function labelsOf(cells: Cells, stored: Record<string, string> | undefined, prefix = "label-"): Record<string, string> {
  const labels = { ...(stored ?? {}) };
  for (const [name, text] of Object.entries(cells)) {
    if (!name.startsWith(prefix)) continue;
    const locale = name.slice(prefix.length);
    if (text.trim() === "") delete labels[locale];
    else labels[locale] = text.trim();
  }
  return labels;
}

function booleanCell(cells: Cells, column: string, stored: boolean | undefined, problems: RowProblem[]): boolean | undefined {
  const text = cells[column];
  if (text === undefined || text.trim() === "") return stored;
  const value = parseBoolean(text);
  if (value === undefined) problems.push({ column, message: `"${text.trim()}" is not a yes/no value (1, 0, true, false, yes, no)` });
  return value;
}

function integerCell(cells: Cells, column: string, stored: number | undefined, problems: RowProblem[]): number | undefined {
  const text = cells[column];
  if (text === undefined || text.trim() === "") return stored;
  const parsed = parseDecimal(text);
  const value = "decimal" in parsed ? Number(parsed.decimal) : Number.NaN;
  if (!Number.isInteger(value) || value < 0) problems.push({ column, message: `"${text.trim()}" is not a whole number of 0 or more` });
  return value;
}

function numberCell(cells: Cells, column: string, stored: number | undefined, problems: RowProblem[]): number | undefined {
  const text = cells[column];
  if (text === undefined) return stored;
  if (text.trim() === "") return undefined;
  const parsed = parseDecimal(text);
  if ("problem" in parsed) problems.push({ column, message: parsed.problem });
  return "decimal" in parsed ? Number(parsed.decimal) : undefined;
}

const text = (cells: Cells, column: string, stored: string | undefined): string | undefined => {
  const cell = cells[column];
  return cell === undefined || cell.trim() === "" ? stored : cell.trim();
};

const categories: ReferenceKind<Omit<Category, "ancestors">, Stored<Category>> = {
  key: (cells) => (cells.code ?? "").trim(),
  required: ["code"],
  columns: { code: "code", parent: "parent" },
  prefixes: { "label-": "labels" },
  spec: categorySpec,
  save: (catalog) => catalog.saveCategory,
  async toInput(cells, catalog) {
    const code = (cells.code ?? "").trim();
    const stored = await catalog.read.storedEntity("category", code);
    const base = inputOf<Category>(stored, ["ancestors"]);
    const parent = cells.parent === undefined ? (base.parent ?? null) : cells.parent.trim() || null;
    return { input: { sortOrder: 0, ...base, code, parent, labels: labelsOf(cells, base.labels) } as Omit<Category, "ancestors"> };
  },
};

/** Akeneo's attribute columns this PIM keeps, as constraints. */
const constraintColumns = {
  max_characters: "maxLength",
  validation_regexp: "pattern",
  number_min: "min",
  number_max: "max",
  decimals_allowed: "decimalsAllowed",
  metric_family: "measurementFamily",
  default_metric_unit: "defaultUnit",
} as const;

const attributes: ReferenceKind<Attribute, Stored<Attribute>> = {
  key: (cells) => (cells.code ?? "").trim(),
  required: ["code"],
  columns: {
    code: "code",
    type: "type",
    group: "group",
    localizable: "localizable",
    scopable: "scopable",
    unique: "unique",
    sort_order: "sortOrder",
    ...constraintColumns,
  },
  prefixes: { "label-": "labels" },
  skipped: [
    "available_locales",
    "wysiwyg_enabled",
    "validation_rule",
    "negative_allowed",
    "date_min",
    "date_max",
    "max_file_size",
    "allowed_extensions",
    "minimum_input_length",
    "reference_data_name",
    "auto_option_sorting",
    "useable_as_grid_filter",
  ],
  spec: attributeSpec,
  save: (catalog) => catalog.saveAttribute,
  async toInput(cells, catalog) {
    const code = (cells.code ?? "").trim();
    const stored = await catalog.read.storedEntity("attribute", code);
    const base = inputOf<Attribute>(stored);
    const problems: RowProblem[] = [];
    const constraints: Record<string, unknown> = { ...(base.constraints ?? {}) };
    for (const [column, field] of Object.entries(constraintColumns)) {
      if (cells[column] === undefined) continue;
      const cell = cells[column].trim();
      let value: unknown;
      if (field === "min" || field === "max") value = numberCell(cells, column, undefined, problems);
      else if (field === "maxLength") value = integerCell(cells, column, undefined, problems);
      else if (field === "decimalsAllowed") value = booleanCell(cells, column, undefined, problems);
      else if (field === "measurementFamily") value = cell.toLowerCase() || undefined;
      else value = cell || undefined;
      if (value === undefined) delete constraints[field];
      else constraints[field] = value;
    }
    const input = {
      ...base,
      code,
      type: text(cells, "type", base.type),
      group: text(cells, "group", base.group),
      labels: labelsOf(cells, base.labels),
      localizable: booleanCell(cells, "localizable", base.localizable, problems),
      scopable: booleanCell(cells, "scopable", base.scopable, problems),
      unique: booleanCell(cells, "unique", base.unique, problems),
      sortOrder: integerCell(cells, "sort_order", base.sortOrder, problems),
      constraints: constraints as AttributeConstraints,
    };
    return problems.length > 0 ? { problems } : { input: withoutUndefined(input) as unknown as Attribute };
  },
};

/** An option row saves its attribute with the option added or replaced, through the attribute's own checks. */
const attributeOptions: ReferenceKind<Attribute, Stored<Attribute>> = {
  key: (cells) => `${(cells.attribute ?? "").trim()}.${(cells.code ?? "").trim()}`,
  required: ["attribute", "code"],
  columns: { attribute: "code", code: "options", sort_order: "options" },
  prefixes: { "label-": "options" },
  spec: attributeSpec,
  save: (catalog) => catalog.saveAttribute,
  async toInput(cells, catalog) {
    const attributeCode = (cells.attribute ?? "").trim();
    const code = (cells.code ?? "").trim();
    const stored = await catalog.read.storedEntity("attribute", attributeCode);
    if (!stored) return { problems: [{ column: "attribute", message: `attribute ${attributeCode} does not exist` }] };
    const base = inputOf<Attribute>(stored) as Attribute;
    const problems: RowProblem[] = [];
    const options = [...base.options];
    const index = options.findIndex((option) => option.code === code);
    const current = options[index];
    const option = {
      code,
      labels: labelsOf(cells, current?.labels),
      sortOrder: integerCell(cells, "sort_order", current?.sortOrder ?? options.length, problems) as number,
    };
    if (index < 0) options.push(option);
    else options[index] = option;
    return problems.length > 0 ? { problems } : { input: { ...base, options }, created: index < 0 };
  },
};

const families: ReferenceKind<Family, Stored<Family>> = {
  key: (cells) => (cells.code ?? "").trim(),
  required: ["code"],
  columns: { code: "code", attributes: "attributes", attribute_as_label: "labelAttribute", attribute_as_image: "imageAttribute" },
  prefixes: { "label-": "labels", "requirements-": "requirements" },
  spec: familySpec,
  save: (catalog) => catalog.saveFamily,
  async toInput(cells, catalog) {
    const code = (cells.code ?? "").trim();
    const stored = await catalog.read.storedEntity("family", code);
    const base = inputOf<Family>(stored);
    const requirements = { ...(base.requirements ?? {}) };
    for (const [name, cell] of Object.entries(cells)) {
      if (name.startsWith("requirements-")) requirements[name.slice("requirements-".length)] = splitList(cell);
    }
    const image = cells.attribute_as_image === undefined ? base.imageAttribute : cells.attribute_as_image.trim() || null;
    const input = {
      ...base,
      code,
      labels: labelsOf(cells, base.labels),
      attributes: cells.attributes === undefined ? base.attributes : splitList(cells.attributes),
      labelAttribute: text(cells, "attribute_as_label", base.labelAttribute),
      imageAttribute: image,
      requirements,
    };
    return { input: withoutUndefined(input) as unknown as Family };
  },
};

/** The schemas refuse an undefined field: a cell left empty with nothing stored leaves the field out. */
function withoutUndefined<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as T;
}

const referenceKinds = { categories, attributes, attribute_options: attributeOptions, families } as const;

/** Rows of categories, attributes, attribute options or families, saved by the catalog's reference-data save functions. */
export function referenceRows(
  kindName: Exclude<ImportKind, "products" | "product_models">,
  names: string[],
  catalog: CatalogServices,
): EntityRows | { problems: string[] } {
  const kind = referenceKinds[kindName] as unknown as ReferenceKind<{ code: string }, unknown>;
  const known = (name: string) =>
    name in kind.columns || (kind.skipped ?? []).includes(name) || Object.keys(kind.prefixes).some((prefix) => name.startsWith(prefix));
  const problems = [
    ...kind.required.filter((name) => !names.includes(name)).map((name) => `the file has no ${name} column`),
    ...names
      .filter((name) => name !== "" && !known(name))
      .map(
        (name) =>
          `column ${name} means nothing in a file of ${kindName} (columns: ${[...Object.keys(kind.columns), ...Object.keys(kind.prefixes).map((p) => `${p}*`)].join(", ")})`,
      ),
  ];
  if (problems.length > 0) return { problems };
  const columnOf =
    (cells: Cells) =>
    (problem: FieldProblem): string | null => {
      const [field, second, third] = problem.path;
      const prefix = Object.entries(kind.prefixes).find(([, target]) => target === field)?.[0];
      if (prefix && second && `${prefix}${second}` in cells) return `${prefix}${second}`;
      if (field === "options" && third === "labels") return Object.keys(cells).find((name) => name.startsWith("label-")) ?? null;
      return Object.entries(kind.columns).find(([name, target]) => target === field && name in cells)?.[0] ?? field ?? null;
    };
  const saved = kind.save(catalog);
  return {
    keyOf: kind.key,
    async importRow(cells, { dryRun, writer: { actor } }) {
      const empty = kind.required.filter((name) => (cells[name] ?? "").trim() === "");
      if (empty.length > 0) return { problems: empty.map((column) => ({ column, message: `${column} is empty` })) };
      const converted = await kind.toInput(cells, catalog);
      if ("problems" in converted) return converted;
      const statusOf = (result: { changed: boolean; created: boolean }) =>
        converted.created || result.created ? "created" : result.changed ? "updated" : "unchanged";
      try {
        const status = await checkThenSave(
          async () => statusOf(await catalog.validateReferenceEntity(kind.spec, converted.input, actor)),
          async () => statusOf(await saved(converted.input, actor)),
          dryRun,
        );
        return { status };
      } catch (error) {
        return { problems: problemsOfError(error, columnOf(cells)) };
      }
    },
  };
}
