import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorClassifier } from '../src/classifier/classify.js';
import { MAGIC_GUIDS } from '../src/classifier/features.js';
import * as wellKnown from '../src/config-check/well-known.js';
import { redactActivities, redactActivity } from '../src/escalation/redact-activities.js';
import {
  REDACTION_KINDS,
  emptyCounts,
  guidToken,
  isWellKnownGuid,
  mergeCounts,
  redact,
  redactField,
  redactionOptionsFromEnv,
  secretKindOfKey,
  totalRedactions,
  type RedactionCounts,
  type RedactionKind,
  type RedactionOptions,
} from '../src/escalation/redact.js';
import { defaultEvalDir, loadEvalSet, type EvalItem } from '../src/eval/dataset.js';
import { defaultKnowledgeDir, loadKnowledge, type KnowledgeBase } from '../src/knowledge/load.js';
import type { Story } from './stories/types.js';

const DEFAULTS: RedactionOptions = { maskEmails: false, maskTenantIds: false };
const ALL: RedactionOptions = { maskEmails: true, maskTenantIds: true };

const countsOf = (partial: Partial<RedactionCounts>): RedactionCounts => ({ ...emptyCounts(), ...partial });
const onlyNonZero = (c: RedactionCounts) => Object.fromEntries(Object.entries(c).filter(([, n]) => n > 0));

/* ----------------------------------------- seeds ------------------------------------------ */

/** One secret in one form: the text it sits in, and the strings that must not survive. */
interface Seed {
  kind: RedactionKind;
  form: string;
  text: string;
  secrets: string[];
}

const b64 = (n: number) => randomBytes(n).toString('base64');
const b64url = (n: number) => randomBytes(n).toString('base64url');
const jwt = () => `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${b64url(90)}.${b64url(256)}`;
/** The lines of PEM (or wrapped base64) body, each of which must disappear. */
const bodyLines = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----') && !/^(?:Proc-Type|DEK-Info):/.test(l));

function makeSeeds(): Seed[] {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pkcs1 = String(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }));
  const pkcs8Encrypted = String(rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'not-the-secret' }));
  const sec1 = String(ec.privateKey.export({ type: 'sec1', format: 'pem' }));
  const pkcs8 = String(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const truncated = String(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })).split('\n').slice(0, 9).join('\n');
  const pkcs8Der = rsa.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
  // A .pfx starts like this (PKCS#12, version 3); the rest is random.
  const pfx = `MIIJzwIBAzCCCYUGCSqGSIb3DQEHAaCCCXYEggly${b64(600).replace(/=+$/, '')}`;
  const pfxLines = pfx.match(/.{1,110}/g) ?? [];
  const jwt1 = jwt();
  const jwt2 = jwt();
  const jwt3 = jwt();
  const jwt4 = jwt();
  const azureSecret = `Zx48Q~${b64url(40).replace(/[^A-Za-z0-9]/g, 'a').slice(0, 34)}`;
  const accountKey = b64(64);
  const sbKey = b64(32);
  const sig1 = encodeURIComponent(b64(32));
  const sig2 = encodeURIComponent(b64(32));
  const sig3 = encodeURIComponent(b64(32));
  const basic = Buffer.from('CONTOSO\\svc-fb:Basic-Pa55-77').toString('base64');
  const slackSig = `v0=${randomBytes(32).toString('hex')}`;
  const symmetric = b64(32);
  const symmetric2 = b64(32);
  const ghp = `ghp_${randomBytes(30).toString('hex').slice(0, 36)}`;
  const ghPat = `github_pat_11AB${randomBytes(40).toString('hex').slice(0, 70)}`;
  const xoxb = `xoxb-2501234567-7781234567890-${randomBytes(12).toString('hex')}`;
  const xoxp = `xoxp-2501234567-2509876543-7781234567890-${randomBytes(16).toString('hex')}`;
  const xapp = `xapp-1-A07ABCDEF12-7781234567890-${randomBytes(32).toString('hex')}`;
  const apimKey = randomBytes(16).toString('hex');
  const s = (kind: RedactionKind, form: string, text: string, ...secrets: string[]): Seed => ({ kind, form, text, secrets });
  return [
    // passwords
    s('password', 'PowerShell variable', `$password = 'Winter-2024!x'`, 'Winter-2024!x'),
    s('password', 'Format-List', `UserName : CONTOSO\\svc-fb\nPassword                      : Fl-Pa55-word`, 'Fl-Pa55-word'),
    s('password', 'ConvertTo-SecureString -AsPlainText', `Set-ADAccountPassword -Identity svc-fb -NewPassword (ConvertTo-SecureString 'Cs-Pa55!x' -AsPlainText -Force)`, 'Cs-Pa55!x'),
    s('password', 'ConvertTo-SecureString -String', `$sec = ConvertTo-SecureString -String "Str-Pa55-1" -AsPlainText -Force`, 'Str-Pa55-1'),
    s('password', 'piped into ConvertTo-SecureString', `"Pipe-Pa55-2" | ConvertTo-SecureString -AsPlainText -Force`, 'Pipe-Pa55-2'),
    s('password', '-Password "…"', `Export-ExchangeCertificate -Thumbprint 1A39741F8DF58D4821567DD8F899B27410F7C096 -BinaryEncoded -Password "Cli-Pa55-3"`, 'Cli-Pa55-3'),
    s('password', '-AppPassword', `Connect-Thing -User svc@contoso.com -AppPassword Ap-Pa55-word4`, 'Ap-Pa55-word4'),
    s('password', 'PSCredential literal', `$cred = New-Object System.Management.Automation.PSCredential('admin@contoso.com', 'Ps-Cred-Pa55')`, 'Ps-Cred-Pa55'),
    s('password', 'net use', `net use Z: \\\\fs01.contoso.local\\logs Net-Pa55-5 /user:CONTOSO\\svc-fb`, 'Net-Pa55-5'),
    s('password', 'URL user:pass@', `proxy is http://svc-fb:Url-Pa55@6@proxy.contoso.com:8080/ for outbound`, 'Url-Pa55@6'),
    s('password', 'pwd=', `login.aspx?user=svc-fb&pwd=Pwd-Pa55-7&x=1`, 'Pwd-Pa55-7'),
    s('password', 'password= in .env', `SMTP_PASSWORD=Smtp-Pa55-8`, 'Smtp-Pa55-8'),
    s('password', 'curl -u', `curl -u admin:Curl-Pa55-9 https://mail.contoso.com/ews/exchange.asmx`, 'Curl-Pa55-9'),
    s('password', 'WS-Security XML', `<wsse:UsernameToken><wsse:Username>svc</wsse:Username><wsse:Password Type="#PasswordText">Wsse-Pa55-10</wsse:Password></wsse:UsernameToken>`, 'Wsse-Pa55-10'),
    s('password', 'inline prose', `the service account password: Hunter-2-xyz`, 'Hunter-2-xyz'),
    // client secrets
    s('client_secret', 'client_secret= form body', `client_id=5f6a7b8c-1d2e-4f30-9a1b-2c3d4e5f6a7b&client_secret=Form-Secret-1x&grant_type=client_credentials`, 'Form-Secret-1x'),
    s('client_secret', 'ClientSecret: line', `ClientSecret: Yaml-Secret-2x`, 'Yaml-Secret-2x'),
    s('client_secret', 'MicrosoftAppPassword=', `MicrosoftAppPassword=Bot~App.Secret-3x`, 'Bot~App.Secret-3x'),
    s('client_secret', 'JSON', `{"clientId":"x","clientSecret":"Json-Secret-4x"}`, 'Json-Secret-4x'),
    s('client_secret', 'signing secret', `SLACK_SIGNING_SECRET=8f14e45fceea167a5a36dedd4bea2543`, '8f14e45fceea167a5a36dedd4bea2543'),
    s('client_secret', 'Entra secret shape', `the new app secret is ${azureSecret} (expires 2027)`, azureSecret),
    s('client_secret', 'Symmetric credential -Value', `New-MsolServicePrincipalCredential -AppPrincipalId 00000002-0000-0ff1-ce00-000000000000 -Type Symmetric -Value "${symmetric}" -Usage Verify`, symmetric),
    s('client_secret', 'Symmetric credential Format-List', `Type      : Symmetric\nValue     : ${symmetric2}\nKeyId     : 0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f\nUsage     : Verify`, symmetric2),
    // tokens
    s('token', 'Authorization: Bearer JWT', `GET /EWS/Exchange.asmx HTTP/1.1\nAuthorization: Bearer ${jwt1}\nX-AnchorMailbox: megan@contoso.com`, jwt1, jwt1.split('.')[2] ?? ''),
    s('token', 'Authorization: Basic', `Authorization: Basic ${basic}`, basic),
    s('token', 'JWT in JSON', `{"token_type":"Bearer","expires_in":3599,"access_token":"${jwt2}"}`, jwt2),
    s('token', 'JWT after access_token=', `https://contoso.com/cb#access_token=${jwt3}&token_type=Bearer`, jwt3),
    s('token', 'bare JWT', `decoded this: ${jwt4}`, jwt4),
    s('token', 'X-Slack-Signature', `X-Slack-Signature: ${slackSig}`, slackSig),
    s('token', 'Slack bot token', `SLACK_BOT_TOKEN=${xoxb}`, xoxb),
    s('token', 'Slack user token in prose', `tried with ${xoxp} too`, xoxp),
    s('token', 'Slack app token', `socket mode with ${xapp}`, xapp),
    s('token', 'GitHub PAT', `git clone https://github.com/contoso/fb.git with ${ghp}`, ghp),
    s('token', 'GitHub fine-grained PAT', `GITHUB_TOKEN: "${ghPat}"`, ghPat),
    s('token', 'api_key=', `https://api.example.net/v1/check?api_key=Api-Key-77x&q=1`, 'Api-Key-77x'),
    s('token', 'apikey:', `apikey: Api-Key-88y`, 'Api-Key-88y'),
    s('token', 'token=', `webhook?token=Tok-99z-abc`, 'Tok-99z-abc'),
    s('token', 'subscription key header', `Ocp-Apim-Subscription-Key: ${apimKey}`, apimKey),
    // SAS
    s('sas', 'sig= in a blob URL', `https://fbdiag.blob.core.windows.net/logs/ews.zip?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-01T00:00:00Z&sig=${sig1}`, sig1),
    s('sas', 'SharedAccessSignature=', `BlobEndpoint=https://fbdiag.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=${sig2}`, sig2),
    s('sas', 'Service Bus token', `SharedAccessSignature sr=https%3A%2F%2Fns.servicebus.windows.net%2Fq&sig=${sig3}&se=1767225600&skn=Send`, sig3),
    // private keys
    s('private_key', 'PEM RSA PRIVATE KEY', `here is the key:\n${pkcs1}and the cert thumbprint 1A39741F8DF58D4821567DD8F899B27410F7C096`, ...bodyLines(pkcs1)),
    s('private_key', 'PEM ENCRYPTED PRIVATE KEY', pkcs8Encrypted, ...bodyLines(pkcs8Encrypted)),
    s('private_key', 'PEM EC PRIVATE KEY', sec1, ...bodyLines(sec1)),
    s('private_key', 'PEM in a JSON string', JSON.stringify({ privateKeyPem: pkcs8 }), ...bodyLines(pkcs8)),
    s('private_key', 'PEM cut short', `${truncated}\nError: AADSTS700027: Client assertion contains an invalid signature.`, ...bodyLines(truncated)),
    s('private_key', 'PFX blob in Format-List', `Type      : Asymmetric\nValue     : ${pfxLines.join('\n            ')}\nKeyId     : 7b3c9d1e-2f4a-4b5c-8d6e-9f0a1b2c3d4e`, ...pfxLines),
    s('private_key', 'PKCS#8 DER base64', `PrivateKey = "${pkcs8Der}"`, pkcs8Der.slice(0, 60), pkcs8Der.slice(-60)),
    // connection strings
    s('connection_string', 'SQL Server', `Server=sql01.contoso.local;Database=FreeBusy;User ID=sa;Password=Sql-Pa55-1x;TrustServerCertificate=True`, 'Sql-Pa55-1x'),
    s('connection_string', 'Data Source', `<add name="db" connectionString="Data Source=db01;Initial Catalog=fb;Pwd=Ds-Pa55-2x;" />`, 'Ds-Pa55-2x'),
    s('connection_string', 'Azure Storage', `DefaultEndpointsProtocol=https;AccountName=fbdiag;AccountKey=${accountKey};EndpointSuffix=core.windows.net`, accountKey),
    s('connection_string', 'Service Bus', `Endpoint=sb://fb.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sbKey}`, sbKey),
    s('connection_string', 'mongodb://', `mongodb://fb:Mongo-Pa55-3x@db1.contoso.local:27017/fb?authSource=admin`, 'Mongo-Pa55-3x'),
    s('connection_string', 'postgres://', `DATABASE_URL=postgres://fb:Pg-Pa55-4x@pg.contoso.local:5432/fb`, 'Pg-Pa55-4x'),
  ];
}

const seeds = makeSeeds();

/* ------------------------------------- corpus helpers ------------------------------------- */

let kb: KnowledgeBase;
let evalItems: EvalItem[];
let storyTurns: string[];

beforeAll(async () => {
  kb = loadKnowledge();
  evalItems = loadEvalSet(defaultEvalDir(defaultKnowledgeDir()), kb);
  const dir = join(import.meta.dirname, 'stories');
  storyTurns = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'types.ts' && f !== 'outputs.ts')) {
    const m = (await import(`./stories/${f.replace(/\.ts$/, '.js')}`)) as { stories: Story[]; knownFailures?: Story[] };
    for (const story of [...m.stories, ...(m.knownFailures ?? [])]) for (const [said] of story.turns) storyTurns.push(said);
  }
});

/** Every paste the project has: knowledge examples and files, eval texts, cmdlet fixtures, story turns. */
function corpus(): [string, string][] {
  const out: [string, string][] = [];
  for (const e of kb.entries) e.examples.forEach((x, i) => out.push([`knowledge ${e.id} example ${i + 1}`, x]));
  for (const item of evalItems) out.push([`eval ${item.id}`, item.text]);
  const root = join(import.meta.dirname, '..');
  for (const d of ['ps', 'config']) for (const f of readdirSync(join(root, 'test', 'fixtures', d))) out.push([`fixture ${d}/${f}`, readFileSync(join(root, 'test', 'fixtures', d, f), 'utf8')]);
  for (const f of readdirSync(join(root, 'knowledge', 'errors'))) out.push([`knowledge file ${f}`, readFileSync(join(root, 'knowledge', 'errors', f), 'utf8')]);
  storyTurns.forEach((t, i) => out.push([`story turn ${i + 1}`, t]));
  return out;
}

/** The facts an engineer needs from a paste, each of which must still be there after redaction. */
function diagnosticFacts(text: string): string[] {
  const facts = new Set<string>();
  const add = (re: RegExp) => {
    for (const m of text.matchAll(re)) facts.add(m[0]);
  };
  add(/\bAADSTS\d{4,6}\b/g);
  add(/\bLID:?\s*\d{4,6}\b/gi);
  add(/\b0x[0-9A-Fa-f]{8}\b/g);
  add(/\(\d{3}\)/g);
  add(/\bHTTP status \d{3}\b/gi);
  add(/\bdiagnostics: \d{5,}/g);
  add(/\berror_category="?[a-z_]+/g);
  add(/\b[0-9A-Fa-f]{40}\b/g); // certificate thumbprints
  add(/\b(?:Get|Set|New|Test|Remove|Add|Enable|Disable|Update|Import|Export|Invoke)-[A-Z][A-Za-z]+\b/g); // cmdlets
  add(/(?<=\s)-(?:Identity|UserIdentity|TargetUri|TargetAutodiscoverEpr|Mailbox|Service|Thumbprint|DomainName|Verbose)\b/g); // parameters
  add(/\b(?:260563|292841)\b/g); // federation ApplicationIdentifiers
  add(/\b[A-Z][A-Za-z]+(?:Exception|Fault)\b/g);
  // Microsoft's constant GUIDs, and every domain of an address
  for (const m of text.matchAll(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi)) if (isWellKnownGuid(m[0])) facts.add(m[0]);
  for (const m of text.matchAll(/@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})/g)) facts.add(`@${m[1]}`);
  // URLs without user data in them (no GUID, no user-info)
  for (const m of text.matchAll(/\bhttps?:\/\/[^\s'"<>)|\]]+/g)) if (!/[0-9a-f]{8}-[0-9a-f]{4}-|@/i.test(m[0])) facts.add(m[0]);
  return [...facts];
}

/* ------------------------------------------ tests ----------------------------------------- */

describe('every seeded secret goes, in every form', () => {
  it('seeds cover every kind of secret in several forms', () => {
    for (const kind of ['password', 'client_secret', 'token', 'sas', 'private_key', 'connection_string'] as const) {
      expect(seeds.filter((s) => s.kind === kind).length, kind).toBeGreaterThanOrEqual(3);
    }
  });

  for (const seed of seeds) {
    it(`${seed.kind}: ${seed.form}`, () => {
      const r = redact(seed.text, DEFAULTS);
      for (const secret of seed.secrets) expect(r.text, `${secret} survived`).not.toContain(secret);
      expect(onlyNonZero(r.counts)).toEqual({ [seed.kind]: 1 });
      expect(r.text).toContain(`[redacted:${seed.kind}]`);
      const again = redact(r.text, DEFAULTS);
      expect(again.text).toBe(r.text);
      expect(totalRedactions(again.counts)).toBe(0);
    });
  }

  it('keeps the structure around a secret: key names, quotes, schemes, hosts', () => {
    const r = (t: string) => redact(t, DEFAULTS).text;
    expect(r('Server=sql01;Database=fb;User ID=sa;Password=x1y2z3;')).toBe('Server=sql01;Database=fb;User ID=sa;Password=[redacted:connection_string];');
    expect(r(`Set-Thing -Password "P@ss w0rd" -Force`)).toBe('Set-Thing -Password "[redacted:password]" -Force');
    expect(r(`$pw = ConvertTo-SecureString 'P@ss' -AsPlainText -Force`)).toBe(`$pw = ConvertTo-SecureString '[redacted:password]' -AsPlainText -Force`);
    expect(r('Authorization: Bearer abc.def-123456')).toBe('Authorization: Bearer [redacted:token]');
    expect(r('"Authorization": "Basic YWJjOmRlZg=="')).toBe('"Authorization": "Basic [redacted:token]"');
    expect(r('Password                      : abc def')).toBe('Password                      : [redacted:password]');
    expect(r('https://bob:s3cr3t@proxy.contoso.com:8080/x')).toBe('https://bob:[redacted:password]@proxy.contoso.com:8080/x');
    expect(r('DefaultEndpointsProtocol=https;AccountName=fbdiag;AccountKey=Zm9vYmFy==;EndpointSuffix=core.windows.net')).toBe(
      'DefaultEndpointsProtocol=https;AccountName=fbdiag;AccountKey=[redacted:connection_string];EndpointSuffix=core.windows.net',
    );
    expect(r('https://a.blob.core.windows.net/c/b.zip?sv=2022-11-02&sig=AbC%2B&se=2026')).toBe('https://a.blob.core.windows.net/c/b.zip?sv=2022-11-02&sig=[redacted:sas]&se=2026');
    expect(r('-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\nnext')).toBe('[redacted:private_key]\nnext');
    expect(r('<p>Password : two words</p>')).toBe('<p>Password : [redacted:password]</p>');
  });

  it('keeps public certificate data: only private key material goes', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = String(rsa.publicKey.export({ type: 'spki', format: 'pem' }));
    const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'ps', 'get-msolserviceprincipalcredential-fl.txt'), 'utf8');
    for (const text of [publicPem, fixture, '-----BEGIN CERTIFICATE-----\nMIIC/zCCAeegAwIBAgIUAR5wW0SqdU\n-----END CERTIFICATE-----']) {
      expect(redact(text, ALL).counts.private_key).toBe(0);
    }
    expect(redact(fixture, DEFAULTS).text).toBe(fixture);
  });

  it('does not take variables, masks, prompts or cmdlet calls for secrets', () => {
    for (const t of [
      'Set-Thing -Password $pw',
      '-Password (Get-Credential).Password',
      '$password = Read-Host -AsSecureString',
      'Password : System.Security.SecureString',
      'Password : ********',
      'password=<your-password>',
      'client_secret={{clientSecret}}',
      'use the -Password parameter of Import-ExchangeCertificate',
      'MicrosoftAppPassword=',
      'HasPrivateKey      : True',
    ]) {
      expect(redact(t, ALL), t).toEqual({ text: t, counts: emptyCounts() });
    }
  });
});

describe('a transcript seeded with every secret', () => {
  function transcript(): Partial<Activity>[] {
    const texts = seeds.map((s) => s.text);
    const at = (i: number) => texts.filter((_, j) => j % 6 === i);
    return [
      { type: 'message', id: '1', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', from: { id: '29:1abc', name: 'Admin' }, conversation: { id: 'a:1xyz' } as Activity['conversation'], text: at(0).join('\n\n') },
      {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.hero',
            content: { title: 'Pasted', text: at(1).join('\n'), buttons: at(2).map((t) => ({ type: 'imBack', title: 'Send', value: t })) },
          },
        ],
      },
      {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body: at(3).map((t) => ({ type: 'TextBlock', text: t, wrap: true })) },
          },
          { contentType: 'text/html', content: at(4).map((t) => `<p>${t}</p>`).join('') },
        ],
      },
      { type: 'message', value: { action: 'escalate', notes: at(5), password: 'Value-Key-Pa55', nested: { authorization: 'Bearer Opaque-Value-Token-123' } } },
      { type: 'message', channelId: 'slack', channelData: { token: 'SlackVerificationTok3n', event: { type: 'message', text: 'free/busy 401 again' } } },
    ];
  }

  it('comes out with none of the secrets, and counts right', () => {
    const input = transcript();
    const r = redactActivities(input, DEFAULTS);
    const json = JSON.stringify(r.activities);
    for (const seed of seeds) for (const secret of seed.secrets) expect(json, `${seed.kind}: ${seed.form}`).not.toContain(JSON.stringify(secret).slice(1, -1));
    for (const secret of ['Value-Key-Pa55', 'Opaque-Value-Token-123', 'SlackVerificationTok3n']) expect(json).not.toContain(secret);
    const expected = emptyCounts();
    for (const seed of seeds) expected[seed.kind]++;
    expected.password++; // value.password
    expected.token += 2; // value.nested.authorization, channelData.token
    expect(r.counts).toEqual(expected);
    // the Authorization value keeps its scheme
    expect(json).toContain('"authorization":"Bearer [redacted:token]"');
    // and the diagnostics next to the secrets are still there
    expect(json).toContain('1A39741F8DF58D4821567DD8F899B27410F7C096');
    expect(json).toContain('AADSTS700027');
    expect(json).toContain('00000002-0000-0ff1-ce00-000000000000');
    expect(json).toContain('free/busy 401 again');
  });

  it('is idempotent on the whole transcript', () => {
    const once = redactActivities(transcript(), ALL);
    const twice = redactActivities(once.activities, ALL);
    expect(twice.activities).toEqual(once.activities);
    expect(twice.counts).toEqual(emptyCounts());
  });
});

describe('what the diagnosis needs survives', () => {
  it('with the default options, no paste of the project changes at all', () => {
    const all = corpus();
    expect(all.length).toBeGreaterThan(800);
    const changed = all.flatMap(([id, t]) => {
      const after = redact(t, DEFAULTS).text.split('\n');
      return t.split('\n').flatMap((line, i) => (after[i] === line ? [] : [`${id}: ${line} -> ${after[i]}`]));
    });
    expect(changed).toEqual([]);
  });

  it('with e-mails and tenant ids masked, codes, LIDs, HRESULTs, cmdlets, endpoints, thumbprints, domains and Microsoft GUIDs stay', () => {
    let checked = 0;
    for (const [id, text] of corpus()) {
      const out = redact(text, ALL).text;
      for (const fact of diagnosticFacts(text)) {
        expect(out, `${id}: lost ${fact}`).toContain(fact);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('is idempotent on every paste of the project, with every option on', () => {
    for (const [id, text] of corpus()) {
      const once = redact(text, ALL);
      const twice = redact(once.text, ALL);
      expect(twice.text, id).toBe(once.text);
      expect(totalRedactions(twice.counts), id).toBe(0);
    }
  });

  it('keeps the well-known endpoints, identifiers and GUIDs of Exchange hybrid', () => {
    const constants = Object.values(wellKnown).flatMap((v) => (typeof v === 'string' ? [v] : []));
    const text = [...constants, ...Object.keys(MAGIC_GUIDS), '00000004-0000-0ff1-ce00-000000000000', '00000003-0000-0000-c000-000000000000', 'HRESULT 0x80048800', 'LID: 43532'].join('\n');
    expect(redact(text, ALL).text).toBe(text);
  });

  it('keeps error messages that merely talk about passwords, tokens and keys', () => {
    for (const t of [
      'Soap fault exception received. The entered and stored passwords do not match.',
      'The password for the account has expired',
      "Error code: 'invalid_client'. Description: 'AADSTS50012: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: 'C0D4E19A7B3F2E6D58A1B9C04F7E2D3A6B8C1E05'.",
      'WWW-Authenticate: Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", token_types="app_asserted_user_v1 service_asserted_app_v1", authorization_uri="https://login.windows.net/common/oauth2/authorize", error="invalid_token"',
      'type="System.ServiceModel.Activation.HttpHandler, System.ServiceModel, Version=3.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089"',
      'Test-OrganizationRelationship fails at the delegation token: Soap fault exception received',
      'TokenIssuerUri        : urn:federation:MicrosoftOnline',
      'VERBOSE: Failed to get delegation token: Microsoft.Exchange.Net.WSTrust.SoapFaultException: Soap fault exception received.',
      'PrivateKey         : System.Security.Cryptography.RSACryptoServiceProvider',
      'we tried net use \\\\fs01\\share and it failed with 53',
      'X-BackEndCookie: 1=AQAAAAD; X-CalculatedBETarget: mbx01.contoso.local',
    ]) {
      expect(redact(t, DEFAULTS).text, t).toBe(t);
    }
  });

  it('no in-scope eval item changes its top match when e-mails and tenant ids are masked', () => {
    const classifier = ErrorClassifier.fromKnowledge(kb);
    const inScope = evalItems.filter((x) => x.kind === 'in-scope');
    expect(inScope.length).toBeGreaterThan(300);
    const moved = inScope
      .map((item) => ({ id: item.id, before: classifier.classify(item.text).candidates[0]?.id, after: classifier.classify(redact(item.text, ALL).text).candidates[0]?.id }))
      .filter((x) => x.before !== x.after);
    expect(moved).toEqual([]);
  });
});

describe('options', () => {
  const text = 'Free/busy from megan.bowen@contoso.com to j.doe@fabrikam.onmicrosoft.com fails; tenant 3fa85f64-5717-4562-b3fc-2c963f66afa6, app 00000002-0000-0ff1-ce00-000000000000';

  it('leaves e-mail addresses and GUIDs alone by default', () => {
    expect(redact(text, DEFAULTS)).toEqual({ text, counts: emptyCounts() });
  });

  it('masks the local part of an address and keeps the domain', () => {
    const r = redact(text, { maskEmails: true, maskTenantIds: false });
    expect(r.text).toContain('[redacted:email]@contoso.com');
    expect(r.text).toContain('[redacted:email]@fabrikam.onmicrosoft.com');
    expect(r.text).not.toContain('megan.bowen');
    expect(r.text).toContain('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(r.counts).toEqual(countsOf({ email: 2 }));
    expect(redact("'o'brien@contoso.com'", { maskEmails: true, maskTenantIds: false }).text).toBe("'[redacted:email]@contoso.com'");
    // the FederatedEmail system mailbox is the same in every organization, and tells the engineer something
    const fed = 'FederatedEmail.4c1f4d8b-8179-4148-93bf-00a95fa1e042@contoso.com';
    expect(redact(fed, ALL).text).toBe(fed);
  });

  it('replaces tenant GUIDs by stable tokens and keeps Microsoft GUIDs', () => {
    const r = redact(text, { maskEmails: false, maskTenantIds: true });
    const token = guidToken('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(token).toMatch(/^<guid:[0-9a-f]{8}>$/);
    expect(r.text).toContain(`tenant ${token},`);
    expect(r.text).toContain('00000002-0000-0ff1-ce00-000000000000');
    expect(r.text).toContain('megan.bowen@contoso.com');
    expect(r.counts).toEqual(countsOf({ tenant_id: 1 }));
    // the same GUID gets the same token within a call, across calls and whatever its case
    const twice = redact('3fa85f64-5717-4562-b3fc-2c963f66afa6 and 3FA85F64-5717-4562-B3FC-2C963F66AFA6', ALL);
    expect(twice.text).toBe(`${token} and ${token}`);
    expect(twice.counts.tenant_id).toBe(2);
    // different GUIDs, different tokens
    expect(redact('0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', ALL).text).not.toBe(token);
    // a deployment key changes every token
    const keyed = redact('3fa85f64-5717-4562-b3fc-2c963f66afa6', { ...ALL, hashKey: 'a-deployment-secret-key' }).text;
    expect(keyed).toMatch(/^<guid:[0-9a-f]{8}>$/);
    expect(keyed).not.toBe(token);
    expect(keyed).toBe(guidToken('3fa85f64-5717-4562-b3fc-2c963f66afa6', 'a-deployment-secret-key'));
    // Skype, SharePoint, Graph, ACS: Microsoft's, not the tenant's
    for (const g of ['00000004-0000-0ff1-ce00-000000000000', '00000003-0000-0ff1-ce00-000000000000', '00000003-0000-0000-c000-000000000000', '00000001-0000-0000-c000-000000000000']) {
      expect(redact(g, ALL).text).toBe(g);
    }
  });

  it('reads REDACT_EMAILS, REDACT_TENANT_IDS and REDACT_HASH_KEY', () => {
    expect(redactionOptionsFromEnv({})).toEqual({ maskEmails: false, maskTenantIds: false });
    expect(redactionOptionsFromEnv({ REDACT_EMAILS: 'true', REDACT_TENANT_IDS: 'FALSE' })).toEqual({ maskEmails: true, maskTenantIds: false });
    expect(redactionOptionsFromEnv({ REDACT_EMAILS: '', REDACT_TENANT_IDS: 'True' })).toEqual({ maskEmails: false, maskTenantIds: true });
    expect(redactionOptionsFromEnv({ REDACT_HASH_KEY: 'k'.repeat(32) }).hashKey).toBe('k'.repeat(32));
    expect(() => redactionOptionsFromEnv({ REDACT_EMAILS: 'yes' })).toThrow(/REDACT_EMAILS/);
    expect(() => redactionOptionsFromEnv({ REDACT_TENANT_IDS: '1' })).toThrow(/REDACT_TENANT_IDS/);
    expect(() => redactionOptionsFromEnv({ REDACT_HASH_KEY: 'short' })).toThrow(/REDACT_HASH_KEY/);
    expect(() => redactionOptionsFromEnv({ REDACT_HASH_KEY: 'short' })).not.toThrow(/short/);
  });
});

describe('counts', () => {
  it('mergeCounts sums without changing its inputs', () => {
    const a = countsOf({ password: 1, email: 2 });
    const b = countsOf({ password: 3, tenant_id: 1 });
    expect(mergeCounts(a, b)).toEqual(countsOf({ password: 4, email: 2, tenant_id: 1 }));
    expect(a).toEqual(countsOf({ password: 1, email: 2 }));
    expect(mergeCounts()).toEqual(emptyCounts());
    expect(Object.keys(emptyCounts()).sort()).toEqual([...REDACTION_KINDS].sort());
  });

  it('names the kinds of secret keys, and not the keys that only look like them', () => {
    expect(secretKindOfKey('Password')).toBe('password');
    expect(secretKindOfKey('-AppPassword')).toBe('password');
    expect(secretKindOfKey('client_secret')).toBe('client_secret');
    expect(secretKindOfKey('MicrosoftAppPassword')).toBe('client_secret');
    expect(secretKindOfKey('access_token')).toBe('token');
    expect(secretKindOfKey('X-Api-Key')).toBe('token');
    expect(secretKindOfKey('sig')).toBe('sas');
    expect(secretKindOfKey('AccountKey')).toBe('connection_string');
    for (const k of ['PublicKeyToken', 'TokenIssuerUri', 'UseCachedToken', 'KeyId', 'PasswordLastSet', 'SharedAccessKeyName', 'token_type', 'HasPrivateKey', 'Thumbprint']) {
      expect(secretKindOfKey(k), k).toBeUndefined();
    }
  });

  it('redactField masks a secret-named value whole and redacts any other as text', () => {
    expect(redactField('password', 'x y z', DEFAULTS)).toEqual({ text: '[redacted:password]', counts: countsOf({ password: 1 }) });
    expect(redactField('Authorization', 'Bearer abc', DEFAULTS).text).toBe('Bearer [redacted:token]');
    expect(redactField('text', 'pwd=abc1', DEFAULTS).text).toBe('pwd=[redacted:password]');
    expect(redactField('token', '[redacted:token]', DEFAULTS).counts).toEqual(emptyCounts());
  });
});

describe('hostile input (1 MB of near misses) finishes in linear time', () => {
  const MB = 1 << 20;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const inputs: Record<string, string> = {
    'key without separator': fill('password'),
    'key then blanks': `password${' '.repeat(MB)}`,
    'unclosed quotes': fill('password="a '),
    'one unclosed quote': `password="${'a'.repeat(MB)}`,
    'chained keys': fill('token='),
    'colons': fill('a: '),
    'dotted run': fill('a.'),
    'Authorization headers on one line': fill('Authorization: Bearer '),
    'JWT starts': fill('-eyJ'),
    'JWT without third part': fill('eyJaaaaa.'),
    'at signs': fill('a@'),
    'long local part': `${'a'.repeat(MB)}@`,
    'URL user-info without @': fill('https://a:'),
    'PEM BEGIN without END': fill('-----BEGIN PRIVATE KEY-----\n'),
    'base64 lines': fill(`${'A'.repeat(63)}\n`),
    'key blob heads': fill('MIIEvAIBADAN '),
    'GUID near misses': fill('aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaa-'),
    'flags without values': fill('-Password -'),
    'ConvertTo-SecureString': fill("'a' | ConvertTo-SecureString "),
    'PSCredential': fill("PSCredential('a', "),
    'net use on one line': fill('net use \\\\a\\b c '),
    'XML tags': fill('<Password>'),
    'Entra secret heads': fill('abc1Q~'),
    'entity quotes': fill('password=&quot;'),
    'Symmetric records': fill('Type : Symmetric\nValue : '),
    'Symmetric -Value flags on one line': fill('-Type Symmetric -Value '),
    'cookies on one line': fill('Cookie: '),
    'curl -u': fill('-u a:'),
  };
  for (const [name, text] of Object.entries(inputs)) {
    it(name, () => {
      const started = Date.now();
      const r = redact(text, ALL);
      expect(typeof r.text).toBe('string');
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  }
});

describe('activities', () => {
  function deepFreeze<T>(o: T): T {
    if (o && typeof o === 'object' && !Object.isFrozen(o)) {
      Object.freeze(o);
      for (const v of Object.values(o)) deepFreeze(v);
    }
    return o;
  }

  it('returns deep copies and never touches its input', () => {
    const when = new Date('2026-11-23T10:00:00Z');
    const input: Partial<Activity>[] = [
      {
        type: 'message',
        timestamp: when,
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        channelId: 'msteams',
        text: 'password=abc123',
        attachments: [{ contentType: 'application/vnd.microsoft.card.hero', content: { text: 'token=xyz789', buttons: [{ type: 'imBack', value: 'ok' }] } }],
        value: { list: ['pwd=q1w2e3'] },
      },
    ];
    const before = JSON.stringify(input);
    deepFreeze(input);
    const r = redactActivities(input, DEFAULTS);
    expect(JSON.stringify(input)).toBe(before);
    const [out] = r.activities;
    expect(out).not.toBe(input[0]);
    expect(out?.attachments).not.toBe(input[0]?.attachments);
    expect(out?.attachments?.[0]?.content).not.toBe(input[0]?.attachments?.[0]?.content);
    expect(out?.timestamp).toBeInstanceOf(Date);
    expect(out?.timestamp).not.toBe(when);
    expect(out?.timestamp?.getTime()).toBe(when.getTime());
    expect(out?.text).toBe('password=[redacted:password]');
    expect(JSON.stringify(out)).not.toMatch(/abc123|xyz789|q1w2e3/);
    expect(out?.serviceUrl).toBe('https://smba.trafficmanager.net/emea/');
    expect(r.counts).toEqual(countsOf({ password: 2, token: 1 }));
    // the copy is independent of the input
    (out as { text: string }).text = 'changed';
    expect(input[0]?.text).toBe('password=abc123');
  });

  it('handles shared and cyclic references, and a "__proto__" key, as data', () => {
    const shared = { text: 'secret=s3cr3t-1' };
    const cyclic: Record<string, unknown> = { text: 'fine' };
    cyclic.self = cyclic;
    const hostile = JSON.parse('{"__proto__": {"polluted": "pwd=abc1"}}') as Record<string, unknown>;
    const r = redactActivities([{ type: 'message', value: { a: shared, b: shared, cyclic, hostile } }], DEFAULTS);
    const value = r.activities[0]?.value as { a: unknown; b: unknown; cyclic: Record<string, unknown>; hostile: Record<string, unknown> };
    expect(value.a).toBe(value.b);
    expect(value.a).not.toBe(shared);
    expect(value.cyclic.self).toBe(value.cyclic);
    expect(Object.getPrototypeOf(value.hostile)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value.hostile, '__proto__')?.value).toEqual({ polluted: 'pwd=[redacted:password]' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.counts).toEqual(countsOf({ client_secret: 1, password: 1 }));
  });

  it('masks tenant and object ids in identity fields when asked to', () => {
    const tenant = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    const { activity, counts } = redactActivity(
      { type: 'message', conversation: { id: 'a:1', tenantId: tenant } as Activity['conversation'], channelData: { tenant: { id: tenant } } },
      { maskEmails: false, maskTenantIds: true },
    );
    expect(JSON.stringify(activity)).not.toContain(tenant);
    expect(JSON.stringify(activity)).toContain(guidToken(tenant));
    expect(counts.tenant_id).toBe(2);
  });
});
