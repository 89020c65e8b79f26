#!/usr/bin/env node
/** The `freebusy-doctor` command line. */
import { Command, CommanderError } from 'commander';
import { knowledgeCheck, knowledgeList } from './knowledge-commands.js';

const program = new Command();
program.name('freebusy-doctor').description('Troubleshoot Exchange hybrid free/busy errors').exitOverride();

const knowledge = program.command('knowledge').description('inspect the knowledge base');
knowledge
  .command('check')
  .description('validate every file in knowledge/')
  .option('--dir <path>', 'knowledge directory (default: the one shipped with the package)')
  .option('--partial', 'do not require every seed section and row to be covered (while authoring)')
  .action((opts: { dir?: string; partial?: boolean }) => {
    process.exitCode = knowledgeCheck(opts.dir, Boolean(opts.partial), console.log);
  });
knowledge
  .command('list')
  .description('list the known errors')
  .option('--dir <path>', 'knowledge directory')
  .option('--json', 'JSON output')
  .action((opts: { dir?: string; json?: boolean }) => {
    process.exitCode = knowledgeList(opts.dir, Boolean(opts.json), console.log);
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    console.error(`freebusy-doctor: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
