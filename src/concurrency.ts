/**
 * Runs `work` over `items` with at most `limit` running at once; results in the items' order. For many
 * small database calls (FerretDB answers point reads from an index but a list of ids by scanning) without
 * opening a connection per item.
 */
export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Shares work that is on its way: a caller asking for a key whose work is still running gets the same promise
 * instead of starting it again. For reads that a burst of requests all make at once; a read on its way is as
 * current as one started now, give or take its own few milliseconds.
 */
export function sharedInFlight<V>(): (key: string, work: () => Promise<V>) => Promise<V> {
  const running = new Map<string, Promise<V>>();
  return (key, work) => {
    let pending = running.get(key);
    if (!pending) {
      pending = work().finally(() => running.delete(key));
      running.set(key, pending);
    }
    return pending;
  };
}
