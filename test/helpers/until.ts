/** Polls until `find` returns something truthy (work that goes on after an HTTP answer), or fails naming what it waited for. */
export async function until<T>(what: string, find: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
