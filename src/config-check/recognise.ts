/**
 * Which configuration cmdlet produced a paste: from the command line when there is one (also
 * with the "EO" prefix FreeBusyChecker gives Exchange Online cmdlets), else from the property
 * names, which differ enough between these cmdlets to tell them apart.
 */
import type { ParsedOutput, PsObject } from '../parse/types.js';
import type { CmdletSpec, Side } from './types.js';

/** Prefixes admins give Exchange Online sessions (Connect-ExchangeOnline -Prefix EO). */
const CLOUD_PREFIXES = ['EO', 'EXO', 'O365', 'Cloud'];

export interface Recognised {
  spec: CmdletSpec;
  /** known from an Exchange Online prefix */
  side?: Side;
  /** the property an expression like (Get-AuthConfig).CurrentCertificateThumbprint printed */
  expressionProperty?: string;
  /** recognised from the command line, not only from property names */
  byCommand: boolean;
}

const nounOf = (spec: CmdletSpec) => spec.cmdlet.replace(/^Get-/i, '').toLowerCase();

/** Drop (…) sub-expressions so "Get-X -Thumbprint (Get-AuthConfig).Y" reads as Get-X. */
function withoutSubexpressions(command: string): string {
  let s = command;
  for (let previous = ''; previous !== s; ) {
    previous = s;
    s = s.replace(/\([^()]*\)/g, ' ');
  }
  return s;
}

function specForNoun(noun: string, specs: readonly CmdletSpec[]): { spec: CmdletSpec; side?: Side } | undefined {
  const n = noun.toLowerCase();
  const exact = specs.find((s) => nounOf(s) === n);
  if (exact) return { spec: exact };
  for (const prefix of CLOUD_PREFIXES) {
    const p = prefix.toLowerCase();
    if (!n.startsWith(p)) continue;
    const rest = specs.find((s) => nounOf(s) === n.slice(p.length));
    if (rest) return { spec: rest, side: 'exo' };
  }
  return undefined;
}

/**
 * Command lines in the paste, fullest first: the typed line from the text (the parser keeps only
 * the first cmdlet of a pipeline in `command`, which for "Get-ExchangeServer | % { Get-ExchangeCertificate … }"
 * is the wrong one), then the parser's command.
 */
function commandLines(parsed: ParsedOutput): string[] {
  const lines: string[] = [];
  const typed = /^\s*(?:\[[^\]\n]{1,120}\]:\s*)?(?:\[PS\][^>\n]*>|PS [^>\n]*>)?\s*(\(?\s*Get-[A-Za-z]+\b.*)$/m.exec(parsed.text);
  if (typed?.[1]) lines.push(typed[1]);
  if (parsed.command) lines.push(parsed.command);
  return lines;
}

export function recognise(parsed: ParsedOutput, specs: readonly CmdletSpec[]): Recognised | 'unknown-command' | undefined {
  let unknownCommand = false;
  for (const line of commandLines(parsed)) {
    const expression = /^\s*\(\s*Get-([A-Za-z]+)\b[^)]*\)\s*\.\s*([A-Za-z]+)\s*$/.exec(line);
    if (expression) {
      const found = specForNoun(expression[1] ?? '', specs);
      if (found) return { ...found, expressionProperty: expression[2], byCommand: true };
      unknownCommand = true;
      continue;
    }
    // The output comes from the last cmdlet of the pipeline (Format-* and Select-* are not Get- cmdlets).
    const outer = withoutSubexpressions(line);
    const last = [...outer.matchAll(/\bGet-([A-Za-z]+)\b/g)].map((m) => m[1] ?? '').at(-1);
    if (last === undefined) {
      // New-ExchangeCertificate or Test-OrganizationRelationship print look-alike objects that are not configuration.
      if (/\b(?:New|Set|Test|Add|Remove|Enable|Disable|Invoke|Update)-[A-Za-z]+\b/.test(outer)) unknownCommand = true;
      continue;
    }
    const found = specForNoun(last, specs);
    if (found) return { ...found, byCommand: true };
    unknownCommand = true;
  }
  for (const error of parsed.errors) {
    const cmdlet = error.cmdlet ?? '';
    const found = /^Get-/i.test(cmdlet) ? specForNoun(cmdlet.replace(/^Get-/i, ''), specs) : undefined;
    if (found) return { ...found, byCommand: true };
  }
  if (unknownCommand) return 'unknown-command';
  const spec = byProperties(parsed.objects, specs);
  return spec ? { spec, byCommand: false } : undefined;
}

/** The spec whose strongest matching signature has the most properties; claims break ties. */
export function byProperties(objects: readonly PsObject[], specs: readonly CmdletSpec[]): CmdletSpec | undefined {
  const names = new Set(objects.flatMap((o) => Object.keys(o).map((k) => k.toLowerCase())));
  if (names.size === 0) return undefined;
  let best: { spec: CmdletSpec; score: number; claimed: boolean } | undefined;
  for (const spec of specs) {
    let score = 0;
    for (const sig of spec.signatures) {
      const all = sig.all.every((p) => names.has(p.toLowerCase()));
      const none = (sig.none ?? []).every((p) => !names.has(p.toLowerCase()));
      if (all && none) score = Math.max(score, sig.all.length);
    }
    if (score === 0) continue;
    const claimed = spec.claims?.(objects) ?? false;
    if (!best || score > best.score || (score === best.score && claimed && !best.claimed)) best = { spec, score, claimed };
  }
  return best?.spec;
}
