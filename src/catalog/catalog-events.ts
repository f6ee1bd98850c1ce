import { EventEmitter } from "node:events";
import type { ChangeEventType } from "../events/change-event.js";
import type { ChangeIntent, ChangeLog } from "../events/change-log.js";
import type { EntityType } from "./history/history.js";

/** Something in the catalog was written; in-process listeners (feed regeneration) decide what it affects. */
export interface CatalogChange {
  type: EntityType | "offer";
  /** The codes or SKUs written, when the operation names them. */
  codes: string[];
}

export class CatalogEvents extends EventEmitter<{ change: [CatalogChange] }> {}

/** The change event a write of this entity type journals. Reference data changes ask delta clients to resync. */
export function intentFor(type: EntityType, codes: string[], deleted = false): ChangeIntent {
  if (type === "product") return { type: deleted ? "product.deleted" : "product.changed", subjects: codes };
  if (type === "product_model") return { type: deleted ? "product_model.deleted" : "product_model.changed", subjects: codes };
  const eventType: ChangeEventType = "definitions.changed";
  return { type: eventType, subjects: codes.map((code) => `${type}:${code}`), channels: type === "channel" ? codes : [] };
}

/**
 * Wraps a write so that it is journaled as a change event before it runs, published after, and
 * announced in-process once it succeeded.
 */
export function announcing<Args extends unknown[], Result>(
  events: CatalogEvents,
  changeLog: ChangeLog,
  type: EntityType,
  codesOf: (first: NoInfer<Args>[0]) => string[],
  write: (...args: Args) => Promise<Result>,
  options: { deletes?: boolean } = {},
): (...args: Args) => Promise<Result> {
  return async (...args: Args) => {
    const codes = codesOf(args[0]);
    const result = await changeLog.around(intentFor(type, codes, options.deletes), () => write(...args));
    events.emit("change", { type, codes });
    return result;
  };
}
