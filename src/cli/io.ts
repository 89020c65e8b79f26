/** Reading standard input with a ceiling, so a runaway pipe cannot exhaust memory. */
export const STDIN_LIMIT = 20 * 1024 * 1024;

export async function readStdin(limit = STDIN_LIMIT): Promise<{ text: string; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let cut = false;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      cut = true;
      process.stdin.destroy();
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), cut };
}

/** A usage error: printed as one line, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}
