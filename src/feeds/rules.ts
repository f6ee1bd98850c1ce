import type { FieldName, Rule, RuleAction, RuleCondition } from "./channel-export-settings.js";
import { fieldNames } from "./channel-export-settings.js";
import type { ChannelProduct, FieldData, FieldValue } from "./channel-product.js";
import { truncateAtWord } from "../../channel-exporters/shared/text-safety.js";
import { typed } from "./channel-product-builder.js";

export interface RulesOutcome {
  /** The rule that excluded the product from the channel, if one did. */
  excludedBy: string | null;
}

/**
 * Applies a channel's IF/THEN rules in order, each seeing the fields as the rules before it left them.
 * Rules are data: conditions compare text and numbers, actions edit text; nothing is evaluated as code.
 */
export function applyRules(product: ChannelProduct, rules: readonly Rule[], currency: string): RulesOutcome {
  for (const rule of rules) {
    if (!matches(product, rule)) continue;
    for (const action of rule.then) {
      if (action.action === "exclude") return { excludedBy: rule.name };
      applyAction(product, rule.name, action, currency);
    }
  }
  return { excludedBy: null };
}

function matches(product: ChannelProduct, rule: Rule): boolean {
  if (!rule.if) return true;
  if ("all" in rule.if) return rule.if.all.every((c) => holds(product, c));
  return rule.if.any.some((c) => holds(product, c));
}

function operandText(product: ChannelProduct, condition: RuleCondition): string[] {
  if (condition.field) return dataTexts(product.fields[condition.field]?.value);
  const attribute = condition.attribute ? product.attribute(condition.attribute) : null;
  return attribute ? attribute.raw.split(",").filter((part) => part !== "") : [];
}

function dataTexts(data: FieldData | undefined): string[] {
  if (data === undefined) return [];
  if (Array.isArray(data)) return data.filter((d) => d !== "");
  if (typeof data === "object") return [data.amount];
  return data === "" ? [] : [data];
}

function holds(product: ChannelProduct, condition: RuleCondition): boolean {
  const fold = (text: string) => (condition.caseSensitive ? text : text.toLocaleLowerCase());
  const texts = operandText(product, condition).map(fold);
  const expected = fold(condition.value ?? "");
  const expectedList = (condition.values ?? []).map(fold);
  switch (condition.operator) {
    case "empty":
      return texts.length === 0;
    case "notEmpty":
      return texts.length > 0;
    case "equals":
      return texts.join(",") === expected;
    case "notEquals":
      return texts.join(",") !== expected;
    case "contains":
      return texts.some((t) => t.includes(expected));
    case "notContains":
      return !texts.some((t) => t.includes(expected));
    case "in":
      return texts.some((t) => expectedList.includes(t));
    case "notIn":
      return !texts.some((t) => expectedList.includes(t));
    case "greaterThan":
    case "lessThan": {
      const number = Number(texts[0]);
      if (texts.length === 0 || Number.isNaN(number)) return false;
      return condition.operator === "greaterThan" ? number > Number(condition.value) : number < Number(condition.value);
    }
  }
}

const placeholder = new RegExp(`\\{(${fieldNames.join("|")})\\}`, "g");

/** "{brand} {title}": a rule's text can quote other fields as the rules have left them so far. */
function expand(product: ChannelProduct, text: string): string {
  return text.replace(placeholder, (_, name: FieldName) => dataTexts(product.fields[name]?.value).join(", "));
}

function applyAction(product: ChannelProduct, ruleName: string, action: Exclude<RuleAction, { action: "exclude" }>, currency: string): void {
  const current: FieldValue | undefined = product.fields[action.field];
  const change = { by: "rule" as const, rule: ruleName, action: action.action };
  const set = (value: FieldData) => {
    product.fields[action.field] = current
      ? { value, origin: current.origin, changes: [...current.changes, change] }
      : { value, origin: { source: "static" }, changes: [change] };
  };
  const old = current?.value;
  switch (action.action) {
    case "set":
      set(typed(action.field, expand(product, action.value), currency));
      return;
    case "prepend":
    case "append": {
      const text = expand(product, action.value);
      if (old === undefined) set(typed(action.field, text, currency));
      else if (Array.isArray(old)) set(action.action === "prepend" ? [text, ...old] : [...old, text]);
      else if (typeof old === "string") set(action.action === "prepend" ? text + old : old + text);
      return;
    }
    case "replace":
      if (typeof old === "string") set(old.split(action.search).join(expand(product, action.value)));
      return;
    case "truncate":
      if (typeof old === "string" && old.length > action.maxLength) set(truncateAtWord(old, action.maxLength));
      return;
  }
}
