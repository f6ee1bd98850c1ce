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
  /** The process that journaled it and will publish it, while its lease lasts. */
  owner?: string;
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
 * Each process that journals changes holds a lease, renewed every 2 s for 6 s. Its entries and
 * reservations are its own to publish while the lease lasts; once it has lapsed (the process died, or
 * stalled for seconds), any process publishes them, so a crash delays events by seconds, not until a restart.
 */
const leaseRenewMs = 2_000;
const leaseMs = 6_000;
/** How often each process looks for changes a dead process journaled but never published. */
const recoverEveryMs = 3_000;

/** A range of sequences handed to a change that is not published yet: readers stop below it. */
interface Reservation {
  first: number;
  at: Date;
  owner: string;
}

interface Counter {
  _id: string;
  last: number;
  inFlight?: Reservation[];
}

/**
 * The ordered log of changes that channels and webhooks follow, kept without multi-document transactions.
 * A write first journals what it is about to change (`intend`), then writes, then `publish`es: the
 * payloads are read from the stored state and the events appended. A crash anywhere leaves the journal
 * entry behind, and the next start of any process, or another process's periodic recovery, publishes
 * it: an event can repeat but never go missing. Sequences are reserved in the database, in one document
 * that also lists the reservations not yet published, so several service processes share one log;
 * readers see only up to `safeSequence`, below the oldest of those, so a slow write in any process never
 * lets a reader skip past its event.
 */
export class ChangeLog extends EventEmitter<{ published: [] }> {
  private allocation: Promise<unknown> = Promise.resolve();
  /** This process's journaled changes not yet published (what `settled` waits for). */
  private readonly pending = new Map<number, JournalEntry>();
  /** Entries this process is publishing or retrying, its own or recovered from a dead process. */
  private readonly publishing = new Set<number>();
  private stopped = false;
  private pruning: NodeJS.Timeout | undefined;
  private recovering: NodeJS.Timeout | undefined;
  private leaseRenewal: NodeJS.Timeout | undefined;
  private readonly owner = randomUUID();

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
    return this.connection.collection<Counter>("change_counters");
  }

  private get leases() {
    return this.connection.collection<{ _id: string; until: Date }>("change_log_leases");
  }

  /** Publishes what dead processes left in the journal, now and whenever another one dies. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.holdLease();
    await this.recoverAtStart();
    this.pruning = setInterval(() => {
      this.prune(new Date(Date.now() - this.retentionMs)).catch((error: unknown) => this.logger.error({ err: error }, "pruning old change events failed"));
      this.leases
        .deleteMany({ until: { $lt: new Date(Date.now() - pruneEveryMs) } })
        .catch((error: unknown) => this.logger.error({ err: error }, "pruning lapsed change log leases failed"));
    }, pruneEveryMs);
    this.pruning.unref();
    this.recovering = setInterval(() => {
      this.recover().catch((error: unknown) => this.logger.error({ err: error }, "recovering abandoned change events failed"));
    }, recoverEveryMs);
    this.recovering.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pruning);
    clearInterval(this.recovering);
    clearInterval(this.leaseRenewal);
    this.leaseRenewal = undefined;
  }

  /** Takes this process's lease and keeps renewing it (command-line tools journal changes too, without `start`). */
  private async holdLease(): Promise<void> {
    const renew = () => this.leases.updateOne({ _id: this.owner }, { $set: { until: new Date(Date.now() + leaseMs) } }, { upsert: true });
    if (this.leaseRenewal) return;
    await renew();
    this.leaseRenewal = setInterval(
      () => void renew().catch((error: unknown) => this.logger.warn({ err: error }, "renewing the change log lease failed")),
      leaseRenewMs,
    );
    this.leaseRenewal.unref();
  }

  /**
   * A process restarted right after a crash finds its predecessor's entries under a lease that has not
   * lapsed yet: it waits for the lapse (at most one lease, 6 s) and publishes them, rather than leaving
   * them to the next sweep (a command-line import would have exited by then). Entries of a live process
   * are published by it meanwhile, or stay its own.
   */
  private async recoverAtStart(): Promise<void> {
    await this.recover();
    const owners = [
      ...new Set((await this.journal.find({ owner: { $ne: this.owner } }, { projection: { owner: 1 } }).toArray()).map((entry) => entry.owner ?? "")),
    ];
    if (owners.length === 0) return;
    const leases = await this.leases.find({ _id: { $in: owners } }).toArray();
    const lapsesIn = Math.max(0, ...leases.map((lease) => lease.until.getTime() - Date.now()));
    await new Promise((resolve) => setTimeout(resolve, Math.min(leaseMs, lapsesIn) + 100));
    await this.recover();
  }

  /**
   * Publishes the journal entries of processes whose lease has lapsed (journaled before the lease
   * existed: owner unknown), and drops their reservations that never got a journal entry.
   */
  private async recover(): Promise<void> {
    const alive = new Set((await this.leases.find({ until: { $gt: new Date() } }, { projection: { _id: 1 } }).toArray()).map((lease) => lease._id));
    const orphaned = (owner: string | undefined) => owner !== this.owner && !(owner && alive.has(owner));
    const journal = await this.journal.find().toArray();
    const leftOver = journal.filter((entry) => orphaned(entry.owner) && !this.publishing.has(entry._id)).sort((a, b) => a._id - b._id);
    for (const entry of leftOver) await this.publishEntry(entry);
    if (leftOver.length) this.logger.warn({ entries: leftOver.length }, "published change events a process journaled but did not finish");
    // Read after those publishes released their reservations; what is left without a journal entry was never written.
    const journaled = new Set(journal.map((entry) => entry._id));
    const abandoned = ((await this.counter())?.inFlight ?? []).filter(
      (reservation) => orphaned(reservation.owner) && !journaled.has(reservation.first) && !this.publishing.has(reservation.first),
    );
    if (abandoned.length) await this.counters.updateOne({ _id: "events" }, { $pull: { inFlight: { first: { $in: abandoned.map((r) => r.first) } } } });
  }

  /**
   * Reserves `count` sequences: the counter moves and the reservation is listed in one update, made only
   * if no other process moved the counter since it was read. A crash before the journal entry is written
   * leaves a gap, never a reused number.
   */
  private async reserve(count: number): Promise<number> {
    for (;;) {
      const counter = await this.counter();
      const last = counter?.last ?? 0;
      const reservation: Reservation = { first: last + 1, at: new Date(), owner: this.owner };
      if (!counter) {
        const created = await this.counters.insertOne({ _id: "events", last: last + count, inFlight: [reservation] }).then(
          () => true,
          (error: { code?: number }) => {
            if (error.code === 11000) return false;
            throw error;
          },
        );
        if (created) return reservation.first;
        continue;
      }
      const moved = await this.counters.updateOne({ _id: "events", last }, { $set: { last: last + count }, $push: { inFlight: reservation } });
      if (moved.modifiedCount === 1) return reservation.first;
    }
  }

  /** The sequence counter with its unpublished reservations. */
  private counter(): Promise<Counter | null> {
    return this.counters.findOne({ _id: "events" });
  }

  private async release(first: number): Promise<void> {
    await this.counters.updateOne({ _id: "events" }, { $pull: { inFlight: { first } } });
  }

  /** Journals a change before it is written. Resolves once the journal entry is stored. */
  private intend(intent: ChangeIntent): Promise<Ticket> {
    if (intent.subjects.length === 0) return Promise.resolve({ entry: null });
    const allocated = this.allocation.then(async () => {
      await this.holdLease();
      const entry: JournalEntry = {
        _id: await this.reserve(intent.subjects.length),
        owner: this.owner,
        batch: randomUUID(),
        type: intent.type,
        subjects: intent.subjects,
        channels: intent.channels ?? [],
        data: intent.data ?? null,
        occurredAt: new Date(),
      };
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
    await this.release(ticket.entry._id);
    this.pending.delete(ticket.entry._id);
    this.emit("published");
  }

  /** The highest sequence below which every event, of every process, is published (or was dropped for good). */
  async safeSequence(): Promise<number> {
    const counter = await this.counter();
    const reserved = counter?.inFlight ?? [];
    return reserved.length ? Math.min(...reserved.map((r) => r.first)) - 1 : (counter?.last ?? 0);
  }

  /** The highest sequence reserved so far, published or not. */
  async lastReserved(): Promise<number> {
    return (await this.counter())?.last ?? 0;
  }

  /** Changes reserved but not yet published, in any process: they hold readers back at `safeSequence`. */
  async unpublished(): Promise<{ entries: number; oldest: Date | null }> {
    const reserved = (await this.counter())?.inFlight ?? [];
    const oldest = reserved.reduce<Date | null>((found, r) => (!found || r.at < found ? r.at : found), null);
    return { entries: reserved.length, oldest };
  }

  /** Resolves once every change journaled so far is published. */
  async settled(): Promise<void> {
    await this.allocation;
    while (this.pending.size > 0) await new Promise<void>((resolve) => this.once("published", resolve));
  }

  /** Events after `after`, up to the safe sequence (or `upTo`, read from it earlier), oldest first. */
  async read(after: number, limit: number, upTo?: number): Promise<ChangeEvent[]> {
    upTo ??= await this.safeSequence();
    if (after >= upTo) return [];
    const rows = await this.events
      .find({ _id: { $gt: after, $lte: upTo } })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return rows.map(({ _id, ...event }) => ({ sequence: _id, ...event }));
  }

  /**
   * The published events after `after` that may concern `channel` (those naming it or no channel), and
   * when the oldest occurred: how far behind something that reflects the log up to `after` is.
   */
  async lagAfter(after: number, channel: string): Promise<{ events: number; oldest: Date | null }> {
    const upTo = await this.safeSequence();
    if (after >= upTo) return { events: 0, oldest: null };
    const filter = { _id: { $gt: after, $lte: upTo }, $or: [{ channels: channel }, { channels: { $size: 0 } }] };
    const [events, oldest] = await Promise.all([
      this.events.countDocuments(filter),
      this.events
        .find(filter, { projection: { occurredAt: 1 } })
        .sort({ _id: 1 })
        .limit(1)
        .next(),
    ]);
    return { events, oldest: oldest?.occurredAt ?? null };
  }

  /** Drops events older than the cutoff; clients further behind must pull a full feed again. */
  async prune(before: Date): Promise<number> {
    const [newest] = await this.events
      .find({ occurredAt: { $lt: before } }, { projection: { _id: 1 } })
      .sort({ _id: -1 })
      .limit(1)
      .toArray();
    if (!newest) return 0;
    await this.counters.updateOne({ _id: "pruned" }, { $max: { last: newest._id } }, { upsert: true });
    return (await this.events.deleteMany({ _id: { $lte: newest._id } })).deletedCount;
  }

  /** The highest sequence already pruned: a client asking from before it has missed events. */
  async prunedThrough(): Promise<number> {
    return (await this.counters.findOne({ _id: "pruned" }))?.last ?? 0;
  }

  private async publishEntry(entry: JournalEntry): Promise<void> {
    this.publishing.add(entry._id);
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
      await this.release(entry._id);
      this.publishing.delete(entry._id);
      this.pending.delete(entry._id);
      this.emit("published");
    } catch (error) {
      this.logger.error({ err: error, sequence: entry._id, type: entry.type }, "publishing change events failed; retrying");
      if (this.stopped) this.publishing.delete(entry._id);
      else setTimeout(() => void this.publishEntry(entry), retryDelayMs).unref();
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
