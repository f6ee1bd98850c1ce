/** How PIM values become Allegro parameters, whose ids are Allegro's own (`GET /sale/categories/{id}/parameters`). */
export interface ParameterMapping {
  id?: string;
  /** Option code → Allegro dictionary value id (e.g. new → 11323_1); unmapped options are sent as text. */
  valueIds?: Record<string, string>;
}

export interface AllegroOptions {
  publicationStatus: "ACTIVE" | "INACTIVE";
  gtinParameterId: string;
  condition: ParameterMapping | null;
  productParameters: Record<string, ParameterMapping>;
}

const parameterMapping = {
  type: "object",
  additionalProperties: false,
  properties: {
    id: { type: "string", pattern: "^[0-9]{1,20}$" },
    valueIds: { type: "object", additionalProperties: { type: "string", minLength: 1, maxLength: 100 } },
  },
};

export const allegroOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    publicationStatus: { enum: ["ACTIVE", "INACTIVE"], description: "What a new offer becomes; INACTIVE (the default) leaves drafts for review." },
    gtinParameterId: { type: "string", pattern: "^[0-9]{1,20}$", description: 'Allegro\'s "EAN (GTIN)" parameter (default 225693).' },
    condition: { ...parameterMapping, description: "The offer parameter that carries the condition field (Allegro's Stan, 11323)." },
    productParameters: {
      type: "object",
      description: "PIM attribute code → Allegro product parameter; only the attributes listed here are sent.",
      propertyNames: { pattern: "^[a-z][a-z0-9_]{0,99}$" },
      additionalProperties: parameterMapping,
    },
  },
} as const;

export function allegroOptions(options: Record<string, unknown>): AllegroOptions {
  return {
    publicationStatus: options.publicationStatus === "ACTIVE" ? "ACTIVE" : "INACTIVE",
    gtinParameterId: typeof options.gtinParameterId === "string" ? options.gtinParameterId : "225693",
    condition: (options.condition as ParameterMapping | undefined) ?? null,
    productParameters: (options.productParameters as Record<string, ParameterMapping> | undefined) ?? {},
  };
}
