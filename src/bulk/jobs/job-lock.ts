import { hostname } from "node:os";
import type { Connection } from "mongoose";

const staleAfterMs = 60_000;
const pollMs = 250;

interface LockDoc {
  _id: string;
  holder: string;
  heartbeatAt: Date;
  host?: string;
  pid?: number;
}

/** A holder on this machine whose process is gone crashed; no need to wait for its heartbeat to age. */
function holderIsDead(lock: LockDoc): boolean {
  if (lock.host !== hostname() || lock.pid === undefined || lock.pid === process.pid) return false;
  try {
    process.kill(lock.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * One writer of products by import at a time, across processes: a document whose _id is the lock's
 * name (an insert either lands or hits the duplicate key, atomic on any MongoDB-wire server). A holder
 * that stops refreshing it for a minute has crashed, and the next importer takes the lock over.
 */
export class JobLock {
  constructor(
    private readonly connection: Connection,
    private readonly name: string,
  ) {}

  private get locks() {
    return this.connection.collection<LockDoc>("bulk_locks");
  }

  /** Resolves true once held, false if no longer wanted; onTakeOver hears of a crashed holder whose lock was taken. */
  async acquire(holder: string, stillWanted: () => Promise<boolean>, onTakeOver: (crashedHolder: string) => Promise<void>): Promise<boolean> {
    for (;;) {
      try {
        await this.locks.insertOne({ _id: this.name, holder, heartbeatAt: new Date(), host: hostname(), pid: process.pid });
        return true;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
      const current = await this.locks.findOne({ _id: this.name });
      if (current?.holder === holder) return true;
      if (current && (Date.now() - current.heartbeatAt.getTime() > staleAfterMs || holderIsDead(current))) {
        const removed = await this.locks.deleteOne({ _id: this.name, holder: current.holder, heartbeatAt: current.heartbeatAt });
        if (removed.deletedCount > 0) await onTakeOver(current.holder);
        continue;
      }
      if (!(await stillWanted())) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async refresh(holder: string): Promise<void> {
    await this.locks.updateOne({ _id: this.name, holder }, { $set: { heartbeatAt: new Date() } });
  }

  async release(holder: string): Promise<void> {
    await this.locks.deleteOne({ _id: this.name, holder });
  }
}
