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
  /** Our economic operator code → the id of the seller's responsible producer in Allegro. */
  responsibleProducers: Record<string, string>;
  /** Our economic operator code → the id of the seller's responsible person in Allegro. */
  responsiblePersons: Record<string, string>;
}

const parameterMapping = {
  type: "object",
  additionalProperties: false,
  properties: {
    id: { type: "string", pattern: "^[0-9]{1,20}$" },
    valueIds: { type: "object", additionalProperties: { type: "string", minLength: 1, maxLength: 100 } },
  },
};

/** Allegro keeps the seller's responsible producers and persons as entities with UUIDs. */
const operatorIds = {
  type: "object",
  propertyNames: { pattern: "^[a-z][a-z0-9_]{0,63}$" },
  additionalProperties: { type: "string", pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" },
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
      description:
        "PIM attribute code → Allegro product parameter; only the attributes listed here are sent, and a variant's axes, by which Allegro tells the variants of a product apart.",
      propertyNames: { pattern: "^[a-z][a-z0-9_]{0,99}$" },
      additionalProperties: parameterMapping,
    },
    responsibleProducers: {
      ...operatorIds,
      description:
        "Economic operator code → id of the seller's responsible producer (GET /sale/responsible-producers); an unlisted manufacturer is sent by its name, which must then name one.",
    },
    responsiblePersons: {
      ...operatorIds,
      description:
        "Economic operator code → id of the seller's responsible person (GET /sale/responsible-persons); an unlisted one is sent by its name, which must then name one.",
    },
  },
} as const;

export function allegroOptions(options: Record<string, unknown>): AllegroOptions {
  return {
    publicationStatus: options.publicationStatus === "ACTIVE" ? "ACTIVE" : "INACTIVE",
    gtinParameterId: typeof options.gtinParameterId === "string" ? options.gtinParameterId : "225693",
    condition: (options.condition as ParameterMapping | undefined) ?? null,
    productParameters: (options.productParameters as Record<string, ParameterMapping> | undefined) ?? {},
    responsibleProducers: (options.responsibleProducers as Record<string, string> | undefined) ?? {},
    responsiblePersons: (options.responsiblePersons as Record<string, string> | undefined) ?? {},
  };
}
