import type { Role } from "./roles.js";

/** Who is calling: an API key, or nobody when the operator lets anonymous callers read. */
export interface Principal {
  /** Null for an anonymous caller. */
  keyId: string | null;
  name: string;
  role: Role;
  /** Editor keys limited to some locales; null means every locale. */
  locales: string[] | null;
  /** Editor keys limited to some category trees (root category codes); null means the whole catalog. */
  categoryTrees: string[] | null;
}

export const anonymousReader: Principal = { keyId: null, name: "anonymous", role: "reader", locales: null, categoryTrees: null };

/** How a principal is named in history: the key's name and its id, so two keys of one name stay apart. */
export function actorOf(principal: Principal): string {
  return principal.keyId ? `${principal.name} (key ${principal.keyId})` : principal.name;
}
