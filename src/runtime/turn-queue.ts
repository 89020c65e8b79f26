/**
 * One turn at a time per conversation. botbuilder's ConversationState saves with eTag '*'
 * (last writer wins), so two overlapping turns of one conversation would clobber its dialog
 * stack; turns of different conversations still run concurrently.
 */
import { Mutex } from 'async-mutex';

export class TurnQueue {
  private readonly locks = new Map<string, { mutex: Mutex; users: number }>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let lock = this.locks.get(key);
    if (!lock) {
      lock = { mutex: new Mutex(), users: 0 };
      this.locks.set(key, lock);
    }
    lock.users++;
    try {
      return await lock.mutex.runExclusive(work);
    } finally {
      // Forget idle conversations so the map does not grow with every conversation ever seen.
      if (--lock.users === 0) this.locks.delete(key);
    }
  }

  /** Conversations with a turn running or waiting. */
  get active(): number {
    return this.locks.size;
  }
}
