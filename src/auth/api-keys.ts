import { createHash, randomBytes } from "node:crypto";
import { Schema, type Connection, type Model } from "mongoose";
import { PimError, type FieldProblem } from "../errors.js";
import type { Logger } from "../logger.js";
import type { AuditLog } from "./audit-log.js";
import type { Principal } from "./principal.js";
import { isRole, roles, type Role } from "./roles.js";

export interface ApiKeyDoc {
  /** SHA-256 (hex) of the token: tokens are 32 random bytes, so a fast hash is enough, and lookups stay on _id. */
  _id: string;
  /** Public id for lists, history and revocation: the first 16 hex characters of the hash. */
  keyId: string;
  /** The token's first characters, so a human can tell keys apart. */
  prefix: string;
  name: string;
  role: Role;
  locales: string[] | null;
  /** Absent on keys created before view rights existed. */
  viewLocales?: string[];
  categoryTrees: string[] | null;
  editCategoryTrees?: string[];
  viewCategoryTrees?: string[];
  expiresAt: Date | null;
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export interface NewApiKey {
  name: string;
  role: string;
  /** Locales the key may edit; with viewLocales alone, none. */
  locales?: string[] | null;
  viewLocales?: string[] | null;
  /** Trees the key owns; with editCategoryTrees or viewCategoryTrees alone, none. */
  categoryTrees?: string[] | null;
  editCategoryTrees?: string[] | null;
  viewCategoryTrees?: string[] | null;
  expiresAt?: Date | null;
}

/** What the catalog knows, to check that a key's limits name real locales and category trees. */
export interface ScopeReferences {
  locales: Set<string>;
  rootCategories: Set<string>;
}

export type Authentication = { ok: true; principal: Principal; key: ApiKeyDoc } | { ok: false; reason: string; keyId: string | null };

const tokenPrefix = "pim_";
const cacheMs = 10_000;
const lastUsedWriteIntervalMs = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function generateToken(): string {
  return `${tokenPrefix}${randomBytes(32).toString("base64url")}`;
}

function apiKeyModel(connection: Connection): Model<ApiKeyDoc> {
  return (
    (connection.models.ApiKey as Model<ApiKeyDoc> | undefined) ??
    connection.model<ApiKeyDoc>(
      "ApiKey",
      new Schema<ApiKeyDoc>(
        {
          _id: String,
          keyId: { type: String, required: true },
          prefix: { type: String, required: true },
          name: { type: String, required: true },
          role: { type: String, required: true },
          locales: { type: [String], default: null },
          viewLocales: { type: [String], default: undefined },
          categoryTrees: { type: [String], default: null },
          editCategoryTrees: { type: [String], default: undefined },
          viewCategoryTrees: { type: [String], default: undefined },
          expiresAt: { type: Date, default: null },
          createdAt: { type: Date, required: true },
          createdBy: { type: String, required: true },
          lastUsedAt: { type: Date, default: null },
          revokedAt: { type: Date, default: null },
          revokedBy: { type: String, default: null },
        },
        { versionKey: false },
      ),
      "api_keys",
    )
  );
}

/** The checks of a new key, as plain rules: every problem names the field and the reason. */
export function newKeyProblems(input: NewApiKey, references: ScopeReferences, now = new Date()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.name !== "string" || !/^\S(.{0,98}\S)?$/.test(input.name))
    problems.push({ path: ["name"], message: "must be 1 to 100 characters without leading or trailing spaces" });
  if (!isRole(input.role)) problems.push({ path: ["role"], message: `must be one of ${roles.join(", ")}` });
  const limitFields = ["locales", "viewLocales", "categoryTrees", "editCategoryTrees", "viewCategoryTrees"] as const;
  const limiting = limitFields.filter((field) => (input[field] ?? null) !== null);
  if (limiting.length > 0 && input.role !== "editor")
    problems.push({ path: [limiting[0] as string], message: "only editor keys can be limited to locales or category trees" });
  const checkList = (fields: readonly (typeof limitFields)[number][], known: Set<string>, unknown: (code: string) => string, what: string) => {
    const given = fields.filter((field) => input[field]);
    if (given.length > 0 && given.every((field) => (input[field] as string[]).length === 0))
      problems.push({ path: [given[0] as string], message: `must name at least one ${what} (leave it out for no limit)` });
    const seen = new Map<string, string>();
    for (const field of given) {
      (input[field] as string[]).forEach((code, i) => {
        if (!known.has(code)) problems.push({ path: [field, String(i)], message: unknown(code), ...(what === "locale" ? { locale: code } : {}) });
        const other = seen.get(code);
        if (other) problems.push({ path: [field, String(i)], message: `${code} is already in ${other}: a key has one right per ${what}` });
        seen.set(code, field);
      });
    }
  };
  checkList(["locales", "viewLocales"], references.locales, (code) => `unknown locale ${code}`, "locale");
  checkList(
    ["categoryTrees", "editCategoryTrees", "viewCategoryTrees"],
    references.rootCategories,
    (code) => `${code} is not the root of a category tree`,
    "tree",
  );
  if (input.expiresAt && !(input.expiresAt.getTime() > now.getTime())) problems.push({ path: ["expiresAt"], message: "must be in the future" });
  return problems;
}

function principalOf(key: ApiKeyDoc): Principal {
  return {
    keyId: key.keyId,
    name: key.name,
    role: key.role,
    locales: key.locales ?? null,
    viewLocales: key.viewLocales ?? [],
    categoryTrees: key.categoryTrees ?? null,
    editCategoryTrees: key.editCategoryTrees ?? [],
    viewCategoryTrees: key.viewCategoryTrees ?? [],
  };
}

/** A view or edit list alone limits the key: the list it leaves out (locales, categoryTrees) is then empty. */
function limitsOf(input: NewApiKey): Pick<ApiKeyDoc, "locales" | "viewLocales" | "categoryTrees" | "editCategoryTrees" | "viewCategoryTrees"> {
  const localeLimited = input.locales || input.viewLocales;
  const treeLimited = input.categoryTrees || input.editCategoryTrees || input.viewCategoryTrees;
  return {
    locales: localeLimited ? (input.locales ?? []) : null,
    viewLocales: input.viewLocales ?? [],
    categoryTrees: treeLimited ? (input.categoryTrees ?? []) : null,
    editCategoryTrees: input.editCategoryTrees ?? [],
    viewCategoryTrees: input.viewCategoryTrees ?? [],
  };
}

/**
 * API keys: created with their token shown once, looked up by the token's hash, revoked at once.
 * Lookups are cached for a few seconds; a revocation clears this process's cache, so it takes effect
 * here immediately (another process on the same database sees it within the cache time).
 */
export class ApiKeyStore {
  readonly model: Model<ApiKeyDoc>;
  private readonly cache = new Map<string, { key: ApiKeyDoc | null; until: number }>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    connection: Connection,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
  ) {
    this.model = apiKeyModel(connection);
  }

  async isEmpty(): Promise<boolean> {
    return (await this.model.findOne({}, { _id: 1 }).lean()) === null;
  }

  /** Creates a key and returns its token: the only time the token exists outside the caller. */
  async create(
    input: NewApiKey,
    references: ScopeReferences,
    by: { actor: string; ip: string | null; requestId: string | null },
    token = generateToken(),
  ): Promise<{ key: ApiKeyDoc; token: string }> {
    const problems = newKeyProblems(input, references);
    if (problems.length > 0) throw new PimError("BAD_USER_INPUT", "The API key was not created", problems);
    const hash = hashToken(token);
    const key: ApiKeyDoc = {
      _id: hash,
      keyId: hash.slice(0, 16),
      prefix: token.slice(0, tokenPrefix.length + 6),
      name: input.name,
      role: input.role as Role,
      ...limitsOf(input),
      expiresAt: input.expiresAt ?? null,
      createdAt: new Date(),
      createdBy: by.actor,
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    };
    await this.model.create(key);
    this.cache.delete(hash);
    await this.audit.record({
      event: "key_created",
      actor: by.actor,
      keyId: key.keyId,
      ip: by.ip,
      requestId: by.requestId,
      reason: `${key.role} key "${key.name}"`,
    });
    return { key, token };
  }

  async list(): Promise<ApiKeyDoc[]> {
    return this.model.find().sort({ createdAt: 1 }).lean<ApiKeyDoc[]>();
  }

  async revoke(keyId: string, by: { actor: string; ip: string | null; requestId: string | null }): Promise<ApiKeyDoc> {
    // A scan, not an _id lookup: revocation is rare and the key collection is small.
    const key = await this.model.findOne({ keyId: String(keyId) }).lean<ApiKeyDoc>();
    if (!key) throw new PimError("NOT_FOUND", `No API key ${keyId}`, [{ path: ["id"], message: "no such key" }]);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      key.revokedBy = by.actor;
      await this.model.updateOne({ _id: key._id }, { $set: { revokedAt: key.revokedAt, revokedBy: key.revokedBy } });
      await this.audit.record({
        event: "key_revoked",
        actor: by.actor,
        keyId: key.keyId,
        ip: by.ip,
        requestId: by.requestId,
        reason: `${key.role} key "${key.name}"`,
      });
    }
    this.cache.delete(key._id);
    return key;
  }

  async authenticate(token: string, now = Date.now()): Promise<Authentication> {
    const hash = hashToken(token);
    const key = await this.lookup(hash, now);
    if (!key) return { ok: false, reason: "unknown API key", keyId: null };
    if (key.revokedAt) return { ok: false, reason: "the API key was revoked", keyId: key.keyId };
    if (key.expiresAt && key.expiresAt.getTime() <= now) return { ok: false, reason: "the API key has expired", keyId: key.keyId };
    this.noteUse(key, now);
    return { ok: true, principal: principalOf(key), key };
  }

  private async lookup(hash: string, now: number): Promise<ApiKeyDoc | null> {
    const cached = this.cache.get(hash);
    if (cached && cached.until > now) return cached.key;
    const key = await this.model.findById(hash).lean<ApiKeyDoc>();
    // Unknown tokens are not cached: a flood of made-up tokens must not grow the cache.
    if (key) this.cache.set(hash, { key, until: now + cacheMs });
    return key;
  }

  /** lastUsedAt moves at most once a minute per key, so a busy key does not cost a write per request. */
  private noteUse(key: ApiKeyDoc, now: number): void {
    if (now - (this.lastUsedWritten.get(key._id) ?? 0) < lastUsedWriteIntervalMs) return;
    this.lastUsedWritten.set(key._id, now);
    this.model
      .updateOne({ _id: key._id }, { $set: { lastUsedAt: new Date(now) } })
      .catch((error: unknown) => this.logger.warn({ err: error, keyId: key.keyId }, "could not record key use"));
  }
}
