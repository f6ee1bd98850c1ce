import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";

interface Lease {
  _id: string;
  owner: string;
  until: Date;
}

/**
 * Named leases in the database, so that of several service processes at most one does a piece of work
 * at a time (generates one channel's feed). A lease is taken only if it is free or has lapsed, renewed
 * while the work runs, and released after it; a process that dies holding one loses it when it lapses.
 */
export class Leases {
  /** This process, as lease holder. */
  readonly owner = randomUUID();

  constructor(private readonly connection: Connection) {}

  private get leases() {
    return this.connection.collection<Lease>("leases");
  }

  /** Takes or renews the lease for `ms`; false while another process holds it. */
  async acquire(name: string, ms: number): Promise<boolean> {
    const now = new Date();
    try {
      const held = await this.leases.findOneAndUpdate(
        { _id: name, $or: [{ owner: this.owner }, { until: { $lt: now } }] },
        { $set: { owner: this.owner, until: new Date(now.getTime() + ms) } },
        { upsert: true, returnDocument: "after" },
      );
      return held?.owner === this.owner;
    } catch (error) {
      // The upsert found the lease held and valid, and tried to create it beside the holder's.
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  /** Runs `work` holding the lease, renewed every third of `ms`; null, without running it, while another process holds it. */
  async holding<T>(name: string, ms: number, work: () => Promise<T>): Promise<T | null> {
    if (!(await this.acquire(name, ms))) return null;
    const renewal = setInterval(() => void this.acquire(name, ms).catch(() => undefined), Math.max(500, ms / 3));
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.release(name);
    }
  }

  /** Gives the lease up at once, if this process holds it. */
  async release(name: string): Promise<void> {
    await this.leases.deleteOne({ _id: name, owner: this.owner });
  }

  /** Who holds the lease and until when; null when it is free. */
  async holder(name: string): Promise<{ owner: string; until: Date } | null> {
    const lease = await this.leases.findOne({ _id: name, until: { $gte: new Date() } });
    return lease ? { owner: lease.owner, until: lease.until } : null;
  }
}
