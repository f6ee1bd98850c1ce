import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Connection } from "mongoose";
import { PimError, type PimErrorCode } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ChangeEvent, ChangeEventType } from "./change-event.js";
import { outsideRequest } from "../protection/request-deadline.js";
import { failpoint } from "./failpoint.js";

export interface ChangeIntent {
  type: ChangeEventType;
  subjects: string[];
  /** Empty or absent: every channel. */
  channels?: string[];
  /** A payload shared by every subject, known before the write (a promotion as it was); what is read when publishing is added to it. */
  data?: Record<string, unknown>;
}

/** Each subject's payload as it stands after the write; null drops the subject's event (it never came to be), absent adds nothing. */
export type PayloadReader = (type: ChangeEventType, subjects: string[]) => Promise<Map<string, Record<string, unknown> | null>>;

interface JournalEntry {
  /** The first sequence of the entry; subject i gets `_id + i`. */
  _id: number;
  batch: string;
  type: ChangeEventType;
  subjects: string[];
  channels: string[];
  data: Record<string, unknown> | null;
  occurredAt: Date;
}

type StoredEvent = Omit<ChangeEvent, "sequence"> & { _id: number };

interface Ticket {
  entry: JournalEntry | null;
}

const retryDelayMs = 1_000;
/** Errors that mean the input was refused before anything was written. */
const refusals: ReadonlySet<PimErrorCode> = new Set(["BAD_USER_INPUT", "NOT_FOUND", "CONFLICT"]);
const defaultRetentionMs = 7 * 24 * 3600_000;
const pruneEveryMs = 3600_000;

/**
 * The ordered log of changes that channels and webhooks follow, kept without multi-document transactions.
 * A write first journals what it is about to change (`intend`), then writes, then `publish`es: the
 * payloads are read from the stored state and the events appended. A crash anywhere leaves the journal
 * entry behind and `start` publishes it on the next run, so an event can repeat but never go missing.
 * Sequences are handed out in one process; readers see only up to `safeSequence`, below which nothing
 * is still unpublished, so a slow write never lets a reader skip past its event.
 */
export class ChangeLog extends EventEmitter<{ published: [number] }> {
  private lastAllocated = 0;
  private allocation: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<number, JournalEntry>();
  private stopped = false;
  private pruning: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly readPayloads: PayloadReader,
    private readonly logger: Logger,
    /** How long events are kept for delta pulls and late webhook receivers. */
    private readonly retentionMs = defaultRetentionMs,
  ) {
    super();
  }

  private get journal() {
    return this.connection.collection<JournalEntry>("change_journal");
  }

  private get events() {
    return this.connection.collection<StoredEvent>("change_events");
  }

  private get counters() {
    return this.connection.collection<{ _id: string; last: number }>("change_counters");
  }

  /** Picks up the sequence where the last run stopped and publishes what a crash left in the journal. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.loadCounter();
    const leftOver = await this.journal.find().toArray();
    leftOver.sort((a, b) => a._id - b._id);
    for (const entry of leftOver) this.pending.set(entry._id, entry);
    for (const entry of leftOver) await this.publishEntry(entry);
    if (leftOver.length) this.logger.warn({ entries: leftOver.length }, "published the change events a previous run journaled but did not finish");
    this.pruning = setInterval(() => {
      this.prune(new Date(Date.now() - this.retentionMs)).catch((error: unknown) => this.logger.error({ err: error }, "pruning old change events failed"));
    }, pruneEveryMs);
    this.pruning.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pruning);
  }

  /** Journals a change before it is written. Resolves once the journal entry is stored. */
  private intend(intent: ChangeIntent): Promise<Ticket> {
    if (intent.subjects.length === 0) return Promise.resolve({ entry: null });
    const allocated = this.allocation.then(async () => {
      await this.loadCounter();
      const entry: JournalEntry = {
        _id: this.lastAllocated + 1,
        batch: randomUUID(),
        type: intent.type,
        subjects: intent.subjects,
        channels: intent.channels ?? [],
        data: intent.data ?? null,
        occurredAt: new Date(),
      };
      const last = this.lastAllocated + intent.subjects.length;
      // The counter moves before the journal is written: a crash in between leaves a gap, never a reused number.
      await this.counters.updateOne({ _id: "events" }, { $max: { last } }, { upsert: true });
      this.lastAllocated = last;
      await this.journal.insertOne(entry);
      this.pending.set(entry._id, entry);
      return { entry };
    });
    this.allocation = allocated.catch(() => undefined);
    return allocated;
  }

  /**
   * Appends the events of a journaled change in the background, retrying until it succeeds. Never in the
   * writing request's scope: once that request's deadline passed, every retry would fail with it and the
   * unpublished entry would hold back every later event from readers.
   */
  private publish(ticket: Ticket): void {
    const { entry } = ticket;
    if (entry) outsideRequest(() => void this.publishEntry(entry));
  }

  /**
   * Journals, writes and publishes. A write that fails for another reason may have partly landed, so its
   * events still go out; a refusal of the input does not, because every write path checks its input
   * before it writes anything, and a refused save must not send delta clients into a full resync.
   */
  async around<T>(intent: ChangeIntent, write: () => Promise<T>): Promise<T> {
    const ticket = await this.intend(intent);
    let result: T;
    try {
      result = await write();
    } catch (error) {
      if (error instanceof PimError && refusals.has(error.code)) await this.cancel(ticket);
      else this.publish(ticket);
      throw error;
    }
    failpoint("after-write-before-publish", intent.type);
    this.publish(ticket);
    return result;
  }

  private async cancel(ticket: Ticket): Promise<void> {
    if (!ticket.entry) return;
    await this.journal.deleteOne({ _id: ticket.entry._id });
    this.pending.delete(ticket.entry._id);
    this.emit("published", this.safeSequence());
  }

  /** The highest sequence below which every event is published (or was dropped for good). */
  safeSequence(): number {
    let lowestPending = Infinity;
    for (const first of this.pending.keys()) lowestPending = Math.min(lowestPending, first);
    return lowestPending === Infinity ? this.lastAllocated : lowestPending - 1;
  }

  /** Journaled changes whose events are not published yet: they hold readers back at `safeSequence`. */
  unpublished(): { entries: number; oldest: Date | null } {
    let oldest: Date | null = null;
    for (const entry of this.pending.values()) if (!oldest || entry.occurredAt < oldest) oldest = entry.occurredAt;
    return { entries: this.pending.size, oldest };
  }

  /** Resolves once every change journaled so far is published. */
  async settled(): Promise<void> {
    await this.allocation;
    while (this.pending.size > 0) await new Promise((resolve) => this.once("published", resolve));
  }

  /** Events after `after`, up to the safe sequence, oldest first. */
  async read(after: number, limit: number): Promise<ChangeEvent[]> {
    const upTo = this.safeSequence();
    if (after >= upTo) return [];
    const rows = await this.events.find({ _id: { $gt: after, $lte: upTo } }).sort({ _id: 1 }).limit(limit).toArray();
    return rows.map(({ _id, ...event }) => ({ sequence: _id, ...event }));
  }

  /**
   * The published events after `after` that may concern `channel` (those naming it or no channel), and
   * when the oldest occurred: how far behind something that reflects the log up to `after` is.
   */
  async lagAfter(after: number, channel: string): Promise<{ events: number; oldest: Date | null }> {
    const upTo = this.safeSequence();
    if (after >= upTo) return { events: 0, oldest: null };
    const filter = { _id: { $gt: after, $lte: upTo }, $or: [{ channels: channel }, { channels: { $size: 0 } }] };
    const [events, oldest] = await Promise.all([
      this.events.countDocuments(filter),
      this.events.find(filter, { projection: { occurredAt: 1 } }).sort({ _id: 1 }).limit(1).next(),
    ]);
    return { events, oldest: oldest?.occurredAt ?? null };
  }

  /** Drops events older than the cutoff; clients further behind must pull a full feed again. */
  async prune(before: Date): Promise<number> {
    const [newest] = await this.events.find({ occurredAt: { $lt: before } }, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).toArray();
    if (!newest) return 0;
    await this.counters.updateOne({ _id: "pruned" }, { $max: { last: newest._id } }, { upsert: true });
    return (await this.events.deleteMany({ _id: { $lte: newest._id } })).deletedCount;
  }

  /** The highest sequence already pruned: a client asking from before it has missed events. */
  async prunedThrough(): Promise<number> {
    return (await this.counters.findOne({ _id: "pruned" }))?.last ?? 0;
  }

  private counterLoaded: Promise<void> | null = null;

  private loadCounter(): Promise<void> {
    this.counterLoaded ??= this.counters.findOne({ _id: "events" }).then((counter) => {
      this.lastAllocated = Math.max(this.lastAllocated, counter?.last ?? 0);
    });
    return this.counterLoaded;
  }

  private async publishEntry(entry: JournalEntry): Promise<void> {
    try {
      const payloads = await this.readPayloads(entry.type, entry.subjects);
      const events: StoredEvent[] = [];
      entry.subjects.forEach((subject, i) => {
        const read = payloads.get(subject);
        if (read === null || (!read && !entry.data)) return;
        const data = { ...entry.data, ...read };
        events.push({ _id: entry._id + i, id: `${entry.batch}:${i}`, type: entry.type, subject, channels: entry.channels, occurredAt: entry.occurredAt, data });
      });
      await this.appendIgnoringRepeats(events);
      await this.journal.deleteOne({ _id: entry._id });
      this.pending.delete(entry._id);
      this.emit("published", this.safeSequence());
    } catch (error) {
      this.logger.error({ err: error, sequence: entry._id, type: entry.type }, "publishing change events failed; retrying");
      if (!this.stopped) setTimeout(() => void this.publishEntry(entry), retryDelayMs).unref();
    }
  }

  /** A crash between appending and clearing the journal makes the next run append the same events again. */
  private async appendIgnoringRepeats(events: StoredEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += 1000) {
      try {
        await this.events.insertMany(events.slice(start, start + 1000), { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
        if (!writeErrors || writeErrors.some((e) => (e.code ?? e.err?.code) !== 11000)) throw error;
      }
    }
  }
}
