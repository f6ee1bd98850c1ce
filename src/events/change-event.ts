export const changeEventTypes = [
  "product.changed",
  "product.deleted",
  "product_model.changed",
  "product_model.deleted",
  "offer.stock_changed",
  "offer.price_changed",
  "promotion.changed",
  "promotion.started",
  "promotion.ended",
  "definitions.changed",
] as const;
export type ChangeEventType = (typeof changeEventTypes)[number];

/** One change that may alter what a channel shows; delivered at least once, deduplicated by `id`. */
export interface ChangeEvent {
  /** Increases with every change; a client asks for what came after the last one it saw. */
  sequence: number;
  /** Stable across redeliveries (including those after a crash), so receivers can deduplicate by it. */
  id: string;
  type: ChangeEventType;
  /** A SKU, a product model or promotion code, or "<entity type>:<code>" for definitions. */
  subject: string;
  /** The channels whose view it may change; empty means every channel. */
  channels: string[];
  occurredAt: Date;
  data: Record<string, unknown>;
}
