import { EventEmitter } from "node:events";
import type { EntityType } from "./history/history.js";

/** Something in the catalog was written; listeners (feed regeneration, later webhooks) decide what it affects. */
export interface CatalogChange {
  type: EntityType;
  /** The codes or SKUs written, when the operation names them. */
  codes: string[];
}

export class CatalogEvents extends EventEmitter<{ change: [CatalogChange] }> {}

/** Wraps a write so that every successful call announces what it touched. */
export function announcing<Args extends unknown[], Result>(
  events: CatalogEvents,
  type: EntityType,
  codesOf: (first: NoInfer<Args>[0]) => string[],
  write: (...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result> {
  return async (...args: Args) => {
    const result = await write(...args);
    events.emit("change", { type, codes: codesOf(args[0]) });
    return result;
  };
}
