import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { projectRoot } from "../../src/project-root.js";

/** Debian's Chromium, driven by playwright-core (which downloads no browser of its own). */
const executablePath = "/usr/bin/chromium";

/** Where browser tests keep their screenshots (ignored by git, kept by CI's workspace). */
export const artifactsDir = join(projectRoot, "test", "artifacts");

/**
 * Installs Debian's chromium when it is missing and the run may (as root, like CI); the global setup
 * calls it once, so parallel test files never race for the package manager.
 */
export function ensureChromium(): void {
  if (existsSync(executablePath)) return;
  const install = () => spawnSync("apt-get", ["install", "-y", "-q", "chromium"], { stdio: ["ignore", "ignore", "inherit"] }).status === 0;
  if (process.getuid?.() === 0 && (install() || (spawnSync("apt-get", ["update", "-q"], { stdio: "ignore" }).status === 0 && install()))) return;
  throw new Error(`browser tests need Debian's chromium at ${executablePath}: run apt-get install chromium as root`);
}

export async function launchBrowser(): Promise<Browser> {
  await mkdir(artifactsDir, { recursive: true });
  // Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses.
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
