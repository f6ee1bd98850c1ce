/**
 * Ceneo's offer groups: the group an offer is in selects the attribute set Ceneo reads (books have Autor
 * and ISBN, clothes Kolor and Rozmiar…). Names as Shoper's Ceneo exporter writes them
 * (dreamcommerce/app-ceneo-xml-exporter, Model/CeneoGroup.php); Ceneo's own spec is not public.
 */
export const ceneoGroups = ["other", "books", "clothes", "games", "grocery", "medicines", "movies", "music", "perfumes", "rims", "tires"] as const;
export type CeneoGroup = (typeof ceneoGroups)[number];

/** Days an in-stock product takes to ship, in Ceneo's avail codes. */
export const shippingDays = [1, 3, 7, 14] as const;

export interface CeneoOptions {
  /** PIM family code → group; families not named are in `other`. */
  groups: Record<string, CeneoGroup>;
  /** Ceneo attribute name → PIM attribute code. */
  attributes: Record<string, string>;
  shippingDays: (typeof shippingDays)[number];
}

export const ceneoOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    groups: {
      type: "object",
      description: "PIM family code → the Ceneo group its offers are in (its attribute set); `other` for families not named.",
      propertyNames: { type: "string", pattern: "^[a-z][a-z0-9_]{0,99}$" },
      additionalProperties: { enum: ceneoGroups },
    },
    attributes: {
      type: "object",
      description: "Ceneo attribute name (e.g. Kolor, Rozmiar in the clothes group) → the PIM attribute it is read from.",
      propertyNames: { type: "string", minLength: 1, maxLength: 100 },
      additionalProperties: { type: "string", pattern: "^[a-z][a-z0-9_]{0,99}$" },
    },
    shippingDays: { enum: shippingDays, description: "Days an in-stock product takes to ship (Ceneo's avail 1, 3, 7 or 14); 1 when not set." },
  },
} as const;

export function ceneoOptions(options: Record<string, unknown>): CeneoOptions {
  return {
    groups: (options.groups as Record<string, CeneoGroup> | undefined) ?? {},
    attributes: (options.attributes as Record<string, string> | undefined) ?? {},
    shippingDays: (options.shippingDays as CeneoOptions["shippingDays"] | undefined) ?? 1,
  };
}
