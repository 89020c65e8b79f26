/** Classifier figures: index build, one classification (p50/p99), throughput, CLI start to answer, memory. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { ErrorClassifier } from '../src/classifier/classify.js';
import { readSnapshot } from '../src/classifier/index-snapshot.js';
import { loadKnowledge, defaultKnowledgeDir } from '../src/knowledge/load.js';
import { ParseCache } from '../src/knowledge/parse-cache.js';
import { artifacts } from '../src/paths.js';
import { loadEvalSet, defaultEvalDir } from '../src/eval/dataset.js';
import { jitter, ms, us } from './report.js';

function latency(task: { result?: unknown }): { p50: number; p99: number; mean: number; samples: number; hz: number } {
  const r = task.result as { latency?: { p50: number; p99: number; mean: number; samplesCount: number }; throughput?: { mean: number } } | undefined;
  if (!r?.latency || !r.throughput) throw new Error('benchmark task produced no statistics');
  return { p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.mean, samples: r.latency.samplesCount, hz: r.throughput.mean };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export async function benchClassifier(): Promise<string> {
  // Cold figures first: this is the first load in the process, as for the CLI.
  const loadStart = performance.now();
  const kb = loadKnowledge();
  const loadMs = performance.now() - loadStart;
  const cachedStart = performance.now();
  loadKnowledge({ parseCache: new ParseCache(artifacts.parseCache()) });
  const cachedLoadMs = performance.now() - cachedStart;
  const snapStart = performance.now();
  const fromSnapshot = readSnapshot(artifacts.classifierIndex(), kb);
  const snapshotMs = performance.now() - snapStart;
  if (!fromSnapshot) throw new Error('no current classifier index snapshot: run npm run build first');
  const items = loadEvalSet(defaultEvalDir(defaultKnowledgeDir()), kb);
  const classifier = ErrorClassifier.fromKnowledge(kb);
  const heapAfterIndex = process.memoryUsage().heapUsed;

  const bench = new Bench({ time: 3000, warmupTime: 300 });
  let i = 0;
  bench.add('build index', () => {
    ErrorClassifier.fromKnowledge(kb);
  });
  bench.add('classify (evaluation set, cycling)', () => {
    classifier.classify((items[i++ % items.length] as { text: string }).text);
  });
  const big = `${'2026-11-23 10:00:00 INFO nothing to see here on mail.contoso.com\n'.repeat(1000)}Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 503: Service Unavailable.`;
  bench.add(`classify a ${Math.round(big.length / 1024)} KB log paste`, () => {
    classifier.classify(big);
  });
  await bench.run();
  const [build, one, large] = bench.tasks.map(latency) as [ReturnType<typeof latency>, ReturnType<typeof latency>, ReturnType<typeof latency>];
  const vm = await jitter();

  const huge = 'x'.repeat(5 * 1024 * 1024) + '\nThe caller does not have access to free/busy data';
  const hugeStart = performance.now();
  const hugeResult = classifier.classify(huge);
  const hugeMs = performance.now() - hugeStart;

  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const starts: number[] = [];
  for (let k = 0; k < 15; k++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, 'classify', '--json', 'The caller does not have access to free/busy data'], { encoding: 'utf8' });
    starts.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
  }
  starts.sort((a, b) => a - b);

  const peakRss = process.resourceUsage().maxRSS / 1024;
  return `
### Classifier (\`npm run bench\`)

| measure | value | goal |
|---|---|---|
| knowledge load + schema validation, ${kb.entries.length} errors (first load, YAML parsed) | ${ms(loadMs)} | – |
| knowledge load + schema validation with the build's parse cache (second load) | ${ms(cachedLoadMs)} | – |
| index build (p50 / p99, warm) | ${ms(build.p50)} / ${ms(build.p99)} | – |
| index read from the build's snapshot (what the CLI does) | ${ms(snapshotMs)} | – |
| one classification over the ${items.length}-item evaluation set, p50 | ${us(one.p50)} | – |
| one classification, p99 | ${us(one.p99)} | ≤ 1 ms |
| this VM's own stalls: a fixed loop of ${ms(vm.p50)} (p50), its p99 | ${ms(vm.wallP99)} | – |
| classifications per second (one core) | ${Math.round(one.hz).toLocaleString('en')} | – |
| classification of a ${Math.round(big.length / 1024)} KB log paste, p50 / p99 | ${ms(large.p50)} / ${ms(large.p99)} | – |
| classification of a 5 MB paste (head and tail read) | ${ms(hugeMs)} (decision: ${hugeResult.decision}) | – |
| \`freebusy-doctor classify\`: process start to first answer, p50 / max of 15 | ${ms(percentile(starts, 50))} / ${ms(starts[starts.length - 1] as number)} | ≤ 500 ms |
| heap after index build | ${(heapAfterIndex / 1024 / 1024).toFixed(1)} MB | – |
| peak RSS of the benchmark process | ${peakRss.toFixed(0)} MB | – |
`;
}
