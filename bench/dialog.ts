/** One dialog turn in process: parse + classify + dialog step + state read/write (MemoryStorage). */
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { Bench } from 'tinybench';
import { FreeBusyBot } from '../dialogs/bot.js';
import { ErrorClassifier } from '../src/classifier/classify.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { Walker } from '../src/walk/engine.js';
import { us } from './report.js';

const PASTE = `FolderName           User                 AccessRights
----------           ----                 ------------
Calendar             Default              {AvailabilityOnly}
Calendar             Anonymous            {None}`;

export async function benchDialog(): Promise<string> {
  const kb = loadKnowledge();
  const walker = new Walker(kb, ErrorClassifier.fromKnowledge(kb));
  const bot = new FreeBusyBot(new ConversationState(new MemoryStorage()), walker);
  const adapter = new TestAdapter(async (ctx) => bot.run(ctx), { channelId: 'msteams' });
  const turn = async (text: string) => {
    await adapter.receiveActivity(text);
    while (adapter.getNextReply()) {
      /* drain the replies */
    }
  };
  const atPasteStep = async () => {
    await turn('start over');
    await turn('The caller does not have access to free/busy data');
    await turn('megan.bowen@contoso.com');
  };

  // Every sample starts from a fresh conversation at the same step, as a real turn would.
  const rows: string[] = [];
  {
    const bench = new Bench({ time: 3000, warmupTime: 300 });
    bench.add('paste turn at a run step (parse, branch, next step, state)', () => turn(PASTE), { beforeEach: atPasteStep });
    bench.add('choice turn (prompt recognition, next step, state)', () => turn('An on-premises user looks up a cloud user'), {
      beforeEach: async () => {
        await atPasteStep();
        await turn(PASTE);
      },
    });
    await bench.run();
    for (const t of bench.tasks) {
      const r = t.result as { latency?: { p50: number; p99: number } } | undefined;
      if (!r?.latency) throw new Error(`no statistics for ${t.name}`);
      rows.push(`| ${t.name} | ${us(r.latency.p50)} | ${us(r.latency.p99)} | ≤ 5 ms |`);
    }
  }
  return `
### Dialog turn (\`npm run bench\`)

TestAdapter → FreeBusyBot → DiagnosisDialog → walk engine, ConversationState on MemoryStorage, in one process.

| turn | p50 | p99 | goal (p99) |
|---|---|---|---|
${rows.join('\n')}
`;
}
