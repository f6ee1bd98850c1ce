import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

/** Same answer whether running from src/ under vitest or from dist/src/ after a build. */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * The compiled file of a module next to the caller, for a worker thread, which loads JavaScript only.
 * Under vitest the caller is TypeScript in src/, so the worker is the build of the same module in
 * dist/ (`npm test` builds first).
 */
export function compiledSibling(callerUrl: string, name: string): URL {
  const caller = fileURLToPath(callerUrl);
  if (caller.endsWith(".js")) return new URL(`./${name}.js`, callerUrl);
  return pathToFileURL(join(projectRoot, "dist", relative(projectRoot, dirname(caller)), `${name}.js`));
}
