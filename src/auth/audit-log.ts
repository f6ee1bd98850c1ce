import { randomUUID } from "node:crypto";
import { Schema, type Connection, type Model } from "mongoose";
import type { Logger } from "../logger.js";

export type AuditEvent = "authentication_failed" | "key_created" | "key_revoked";

export interface AuditEntry {
  _id: string;
  event: AuditEvent;
  at: Date;
  /** Who acted: the actor of the key that made the change; "anonymous" for a failed authentication. */
  actor: string;
  /** The key concerned (created, revoked, or the one a failed attempt named), never its token. */
  keyId: string | null;
  ip: string | null;
  requestId: string | null;
  reason: string | null;
}

export type AuditRecord = Omit<AuditEntry, "_id" | "at">;

function auditModel(connection: Connection): Model<AuditEntry> {
  return (
    (connection.models.AuthAudit as Model<AuditEntry> | undefined) ??
    connection.model<AuditEntry>(
      "AuthAudit",
      new Schema<AuditEntry>(
        {
          _id: String,
          event: { type: String, required: true },
          at: { type: Date, required: true },
          actor: { type: String, required: true },
          keyId: { type: String, default: null },
          ip: { type: String, default: null },
          requestId: { type: String, default: null },
          reason: { type: String, default: null },
        },
        { versionKey: false },
      ),
      "auth_audit",
    )
  );
}

/** Authentication failures and key changes: who, when, from where. Kept apart from catalog history, which is per entity. */
export class AuditLog {
  private readonly model: Model<AuditEntry>;

  constructor(
    connection: Connection,
    private readonly logger: Logger,
  ) {
    this.model = auditModel(connection);
  }

  async record(entry: AuditRecord): Promise<void> {
    await this.model.create({ _id: randomUUID(), at: new Date(), ...entry });
  }

  /** For the request path: a failed write is logged, never turned into a failure of the request. */
  async recordOrLog(entry: AuditRecord): Promise<void> {
    await this.record(entry).catch((error: unknown) => this.logger.error({ err: error, event: entry.event }, "could not record audit entry"));
  }

  async latest(first: number, event: AuditEvent | null): Promise<AuditEntry[]> {
    return this.model
      .find(event ? { event } : {})
      .sort({ at: -1 })
      .limit(first)
      .lean<AuditEntry[]>();
  }
}
