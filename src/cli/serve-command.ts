/**
 * `freebusy-doctor serve` (what `npm start` runs): the bot server on embedded defaults. A bad
 * configuration stops it with one line naming the variable; Ctrl+C or SIGTERM closes the
 * server and the database cleanly so no turn is cut half-written.
 */
import { ConfigError, loadEnvFile, readConfig } from '../config/env.js';
import { UsageError } from './io.js';

export async function serve(out: (s: string) => void): Promise<number> {
  loadEnvFile();
  let config;
  try {
    config = readConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`configuration: ${err.message}`);
    throw err;
  }
  // The server's modules load only once the configuration is known to be good.
  const { startApp } = await import('../server/app.js');
  const app = await startApp(config);
  for (const line of app.banner) out(line);
  await new Promise<void>((resolve) => {
    const stop = () => {
      out('Stopping…');
      void app.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
