import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { projectRoot } from "../../src/project-root.js";

/**
 * `npx tsx bench/feeds/profile-summary.ts <file.cpuprofile> [top]`: where a `--profile` run spent its
 * CPU, as self time per function and as inclusive time per function of our own code (src/, channel-
 * exporters/), which is what names the costly step of the pipeline.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const top = Number(topArg ?? 25);
const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.startsWith("file://") ? relative(projectRoot, new URL(url).pathname) : url || "(native)";
  return `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
}

const ownCode = (node: ProfileNode) => /\/(src|channel-exporters)\//.test(node.callFrame.url) && !node.callFrame.url.includes("node_modules");
const selfMs = new Map<string, number>();
const inclusiveMs = new Map<string, number>();
let totalMs = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  totalMs += ms;
  const node = nodes.get(id);
  if (!node) return;
  selfMs.set(label(node), (selfMs.get(label(node)) ?? 0) + ms);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const frame = nodes.get(at);
    if (!frame || !ownCode(frame)) continue;
    const name = label(frame);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusiveMs.set(name, (inclusiveMs.get(name) ?? 0) + ms);
  }
});

const table = (entries: Map<string, number>) =>
  [...entries.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => `${ms.toFixed(0).padStart(8)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${name}`)
    .join("\n");

process.stdout.write(`total ${totalMs.toFixed(0)} ms\n\nself time\n${table(selfMs)}\n\ninclusive time, our code\n${table(inclusiveMs)}\n`);
