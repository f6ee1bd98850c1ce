import type { AttributeText } from "../../src/feeds/channel-product.js";
import { amountIn } from "./measures.js";
import { plainText } from "./text-safety.js";

/** One value of a PIM attribute as a marketplace characteristic takes it: the option code (to look up the channel's dictionary id) and its words. */
export interface CharacteristicValue {
  code: string;
  text: string;
}

/**
 * The values a marketplace characteristic (Ozon attribute, Wildberries characteristic) gets from a PIM
 * attribute: each option of a multiselect on its own, a measurement's amount in the characteristic's unit
 * when it names one (Ozon and Wildberries fix the unit per characteristic), else the attribute's words.
 * Null when a unit is named and the attribute holds no amount of that kind.
 */
export function characteristicValues(attribute: AttributeText, unit?: string): CharacteristicValue[] | null {
  if (unit) {
    const amount = amountIn(attribute, unit, 3);
    return amount === null ? null : [{ code: amount, text: amount }];
  }
  const codes = attribute.raw.split(",");
  const texts = attribute.text.split(", ");
  // Only a select's raw value is option codes; a text holding a comma is one value.
  if (attribute.raw !== attribute.text && codes.length > 1 && codes.length === texts.length) {
    return codes.map((code, i) => ({ code, text: plainText(texts[i] as string) }));
  }
  return [{ code: attribute.raw, text: plainText(attribute.text) }];
}
