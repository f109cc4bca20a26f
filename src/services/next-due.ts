import type { Store } from '../store';
import type { ContractJob, NextDueEntry } from '../store/contracts';

/**
 * A scheduled job's next-due times, written in batches: a pass over 600 contracts costs a few round trips
 * instead of three per contract, which on the embedded database is seconds a fan-out would otherwise wait.
 * Batches stay bounded so a long pass keeps its progress if the process stops midway.
 */
export class NextDueWriter {
  private readonly pending: NextDueEntry[] = [];

  constructor(
    private readonly store: Store,
    private readonly job: ContractJob,
    private readonly batchSize = 200,
  ) {}

  async add(contract: NextDueEntry['contract'], at: Date): Promise<void> {
    this.pending.push({ contract, at });
    if (this.pending.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.store.contracts.setNextDueMany(this.job, this.pending.splice(0));
  }
}
