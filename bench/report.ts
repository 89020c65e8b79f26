/** Writes measured figures into docs/BENCHMARKS.md between a section's markers, keeping the rest. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export function machineLine(): string {
  return `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

export function writeSection(file: string, name: string, markdown: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  writeFileSync(file, re.test(current) ? current.replace(re, block) : `${current.trimEnd()}\n\n${block}\n`);
}

export const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
export const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * How much the machine itself stalls: the same fixed loop of about 2 ms, 300 times. On a quiet
 * dedicated core its p99 equals its p50; the gap is what the VM adds to every p99 here.
 */
export async function jitter(): Promise<{ wallP99: number; p50: number }> {
  const wall: number[] = [];
  for (let i = 0; i < 300; i++) {
    const w = performance.now();
    let x = 0;
    for (let j = 0; j < 1_500_000; j++) x += j % 7;
    wall.push(performance.now() - w);
    if (x < 0) throw new Error('unreachable');
    await new Promise((r) => setImmediate(r));
  }
  const p = (a: number[], q: number) => [...a].sort((x, y) => x - y)[Math.floor(q * (a.length - 1))] as number;
  return { p50: p(wall, 0.5), wallP99: p(wall, 0.99) };
}
