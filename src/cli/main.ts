#!/usr/bin/env node
/** The `freebusy-doctor` command line. Heavy modules load only in the command that needs them. */
import { Command, CommanderError } from 'commander';
import { UsageError } from './io.js';

const program = new Command();
program
  .name('freebusy-doctor')
  .description('Troubleshoot Exchange hybrid free/busy errors')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

/** The knowledge base (validated) and its classifier; the shipped base reuses the build's artifacts. */
async function classifier(dir?: string) {
  const { loadKnowledgeAndClassifier } = await import('../runtime/load-knowledge.js');
  return loadKnowledgeAndClassifier(dir);
}

program
  .command('classify')
  .description('name the free/busy error in a paste (argument or stdin)')
  .argument('[text...]', 'the error text; read from stdin when omitted')
  .option('--json', 'answer as JSON: {"decision", "matches": [{"id", "title", "score"}]}')
  .option('--jsonl', 'read JSON Lines {"id", "text"} on stdin, write one answer line per input line')
  .option('--dir <path>', 'knowledge directory')
  .action(async (text: string[], opts: { json?: boolean; jsonl?: boolean; dir?: string }) => {
    const { classifyOne, classifyJsonl } = await import('./classify-command.js');
    if (opts.jsonl && text.length) throw new UsageError('--jsonl reads stdin; do not also give text as an argument');
    const { kb, classifier: c } = await classifier(opts.dir);
    process.exitCode = opts.jsonl ? await classifyJsonl(c, console.log) : await classifyOne(c, text, Boolean(opts.json), kb.entries.length, console.log);
  });

program
  .command('eval')
  .description('measure the classifier on the labelled set in test/eval')
  .option('--split <name>', 'test, validation or all', 'test')
  .option('--json <file>', 'also write the report as JSON')
  .option('--failures', 'list every item not answered as expected')
  .option('--tune', 'tune the parameters on the validation split and write src/classifier/tuned-params.ts')
  .option('--dir <path>', 'knowledge directory')
  .option('--eval-dir <path>', 'evaluation set directory')
  .action(async (opts: { split: string; json?: string; failures?: boolean; tune?: boolean; dir?: string; evalDir?: string }) => {
    const { runEval, defaultParamsFile } = await import('./eval-command.js');
    const { defaultKnowledgeDir } = await import('../knowledge/load.js');
    const { defaultEvalDir } = await import('../eval/dataset.js');
    const dir = opts.dir ?? defaultKnowledgeDir();
    const { kb, classifier: c } = await classifier(dir);
    process.exitCode = runEval(c, kb, { ...opts, evalDir: opts.evalDir ?? defaultEvalDir(dir), paramsFile: defaultParamsFile(dir) }, console.log);
  });

program
  .command('chat')
  .description('talk to the bot in the terminal (one message per line when stdin is not a terminal)')
  .option('--dir <path>', 'knowledge directory')
  .option('--conversation <id>', 'resume an earlier terminal conversation')
  .option('--data-dir <path>', 'where state is kept (default: DATA_DIR or ./data)')
  .action(async (opts: { dir?: string; conversation?: string; dataDir?: string }) => {
    const { chat } = await import('./chat-command.js');
    const knowledge = await classifier(opts.dir);
    process.exitCode = await chat(knowledge, { dataDir: opts.dataDir ?? process.env.DATA_DIR ?? './data', conversation: opts.conversation }, console.log);
  });

program
  .command('serve')
  .description('run the bot server: Teams/Emulator at /api/messages, Slack at /slack/events (what npm start runs)')
  .action(async () => {
    const { serve } = await import('./serve-command.js');
    process.exitCode = await serve(console.log);
  });

const tickets = program.command('tickets').description('the local ticket store: escalations and their deliveries');
const dataDirOf = (opts: { dataDir?: string }) => opts.dataDir ?? process.env.DATA_DIR ?? './data';
tickets
  .command('list')
  .description('escalations, newest first, with each delivery: delivered (with the ticket key), pending or dead')
  .option('--json', 'JSON output')
  .option('--data-dir <path>', 'where state is kept (default: DATA_DIR or ./data)')
  .action(async (opts: { json?: boolean; dataDir?: string }) => {
    const { ticketsList } = await import('./tickets-command.js');
    process.exitCode = await ticketsList(dataDirOf(opts), Boolean(opts.json), console.log);
  });
tickets
  .command('show')
  .description('one escalation: title, deliveries, summary and the redacted transcript')
  .argument('<reference>', 'e.g. FBD-2026-000123 (or the escalation id)')
  .option('--json', 'JSON output')
  .option('--data-dir <path>', 'where state is kept (default: DATA_DIR or ./data)')
  .action(async (reference: string, opts: { json?: boolean; dataDir?: string }) => {
    const { ticketsShow } = await import('./tickets-command.js');
    process.exitCode = await ticketsShow(dataDirOf(opts), reference, Boolean(opts.json), console.log);
  });
tickets
  .command('retry')
  .description('send dead-lettered deliveries again now (with the ticket systems configured in this environment)')
  .argument('<reference>', 'e.g. FBD-2026-000123')
  .option('--data-dir <path>', 'where state is kept (default: DATA_DIR or ./data)')
  .action(async (reference: string, opts: { dataDir?: string }) => {
    const { ticketsRetry } = await import('./tickets-command.js');
    process.exitCode = await ticketsRetry(dataDirOf(opts), reference, console.log);
  });

const knowledge = program.command('knowledge').description('inspect the knowledge base');
knowledge
  .command('check')
  .description('validate every file in knowledge/')
  .option('--dir <path>', 'knowledge directory (default: the one shipped with the package)')
  .option('--partial', 'do not require every seed section and row to be covered (while authoring)')
  .action(async (opts: { dir?: string; partial?: boolean }) => {
    const { knowledgeCheck } = await import('./knowledge-commands.js');
    process.exitCode = knowledgeCheck(opts.dir, Boolean(opts.partial), console.log);
  });
knowledge
  .command('list')
  .description('list the known errors')
  .option('--dir <path>', 'knowledge directory')
  .option('--json', 'JSON output')
  .action(async (opts: { dir?: string; json?: boolean }) => {
    const { knowledgeList } = await import('./knowledge-commands.js');
    process.exitCode = knowledgeList(opts.dir, Boolean(opts.json), console.log);
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof UsageError) {
    console.error(`freebusy-doctor: ${err.message}`);
    process.exitCode = 2;
  } else {
    console.error(`freebusy-doctor: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
