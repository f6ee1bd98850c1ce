import { afterAll, afterEach } from "vitest";

/**
 * No test may leave an error nobody handles: an 'error' event without a listener or a rejected promise
 * nobody awaits takes a real service process down. Node's own handlers are replaced for the test
 * worker so such an error fails the test that was running (or the file, when it comes after the last
 * test) with the error itself, instead of being reported apart from any test.
 */
const unhandled: unknown[] = [];
process.on("uncaughtException", (error) => unhandled.push(error));
process.on("unhandledRejection", (reason) => unhandled.push(reason));

function failOnUnhandled(): void {
  if (unhandled.length === 0) return;
  const errors = unhandled.splice(0);
  const described = errors.map((error) => (error instanceof Error ? (error.stack ?? error.message) : String(error))).join("\n\n");
  throw new Error(`${errors.length} error(s) nobody handled (an 'error' event without a listener or an unawaited rejection):\n${described}`);
}

afterEach(failOnUnhandled);
afterAll(async () => {
  // A late error of work the file started surfaces within a tick or two of its last hook.
  await new Promise((resolve) => setTimeout(resolve, 50));
  failOnUnhandled();
});
