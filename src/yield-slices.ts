import { setImmediate } from "node:timers/promises";

/**
 * For loops that do seconds of synchronous work in total (checking a chunk of 500 imported rows, a
 * batch of 1,000 products): call the returned function between items, and every `budgetMs` of work it
 * hands the event loop back once, so requests served meanwhile keep their latency.
 */
export function yieldSlices(budgetMs = 8): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < budgetMs) return;
    await setImmediate();
    sliceStart = performance.now();
  };
}
