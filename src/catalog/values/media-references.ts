import type { CatalogDefinitions } from "../definitions.js";
import type { FieldProblem } from "../../errors.js";
import type { ValueEntry } from "../validation/product-validation.js";

/** Every string of every list value: the candidates for asset ids, looked up before a write is checked. */
export function mediaReferenceCandidates(values: Record<string, ValueEntry[]> | undefined): string[] {
  return Object.values(values ?? {}).flatMap((entries) =>
    (Array.isArray(entries) ? entries : []).flatMap((entry) =>
      Array.isArray(entry?.data) ? entry.data.filter((item): item is string => typeof item === "string") : [],
    ),
  );
}

/** A media value names assets by id; one that is not stored is refused with where it is and why. */
export function mediaReferenceProblems(
  values: Record<string, ValueEntry[]> | undefined,
  definitions: CatalogDefinitions,
  knownAssets: ReadonlySet<string>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [code, entries] of Object.entries(values ?? {})) {
    if (definitions.attributes.get(code)?.type !== "media" || !Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      if (!Array.isArray(entry?.data)) return;
      entry.data.forEach((reference, j) => {
        if (typeof reference !== "string" || knownAssets.has(reference)) return;
        problems.push({
          path: ["values", code, String(i), "data", String(j)],
          attribute: code,
          locale: entry.locale ?? null,
          channel: entry.channel ?? null,
          message: `asset ${reference.slice(0, 100)} does not exist: upload the file with POST /media and use the asset id it answers`,
        });
      });
    });
  }
  return problems;
}
