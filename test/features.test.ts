import { describe, expect, it } from 'vitest';
import { extractCodes, extractFeatures, maskIdentifiers, wordTokens } from '../src/classifier/features.js';

describe('maskIdentifiers', () => {
  it('masks the admin’s own hosts, addresses, GUIDs, IPs and thumbprints', () => {
    const m = maskIdentifiers(
      'User megan@fabrikam.com on https://mail.fabrikam.co.uk/EWS/Exchange.asmx from 52.96.11.3:443 tenant 3f2504e0-4f89-11d3-9a0c-0305e82c3301 thumbprint 7C2D1E4F9A0B3C5D6E7F8091A2B3C4D5E6F70819 host exch01.corp.fabrikam.local',
    );
    expect(m).not.toMatch(/fabrikam|52\.96|3f2504e0|7C2D1E4F/);
    expect(m).toContain('smtptok');
    expect(m).toContain('/EWS/Exchange.asmx');
    expect(m).toContain('iptok');
    expect(m).toContain('guidtok');
    expect(m).toContain('thumbtok');
    expect(m.match(/hosttok/g)?.length).toBe(2);
  });

  it('keeps Microsoft endpoints, product GUIDs and .NET type names', () => {
    const m = maskIdentifiers(
      'Failed to communicate with https://login.microsoftonline.com/extSTS.srf; ServiceName 00000002-0000-0ff1-ce00-000000000000 System.Net.WebException',
    );
    expect(m).toContain('login.microsoftonline.com');
    expect(m).toContain('/extSTS.srf');
    expect(m).toContain('exchangeappidtok');
    expect(m).toContain('System.Net.WebException');
  });

  it('flags tenant coexistence addresses', () => {
    expect(maskIdentifiers('from lucine@contoso.mail.onmicrosoft.com')).toContain('onmicrosofttok');
  });
});

describe('extractCodes', () => {
  it('reads HTTP statuses, LIDs, HRESULTs, AADSTS codes, OAuth reasons and exception names', () => {
    const codes = extractCodes(
      'The remote server returned an error: (401) Unauthorized. diagnostics: 2000005; reason="x";error_category="invalid_user" LID: 43532 0x80048821 8004010F AADSTS50012 NoFreeBusyAccessException HTTP status 504: Gateway Timeout',
    ).map(([, r]) => r);
    expect(codes).toEqual(
      expect.arrayContaining(['HTTP 401', 'HTTP 504', 'LID 43532', '0x80048821', '0x8004010F', 'AADSTS50012', 'diagnostics 2000005', 'error_category invalid_user', 'NoFreeBusyAccessException']),
    );
  });

  it('reads the status of a W3C IIS log line', () => {
    const codes = extractCodes('2024-01-10 10:10:10 10.10.10.1 POST /EWS/mrsproxy.svc - 443 test\\admin 10.10.10.12 - 405 0 1 15').map(([, r]) => r);
    expect(codes).toContain('HTTP 405');
  });
});

describe('wordTokens / extractFeatures', () => {
  it('keeps cmdlet and exception names whole and also splits them', () => {
    const { terms } = wordTokens('Get-FederationTrust NoFreeBusyAccessException WSSecurity');
    expect(terms).toEqual(expect.arrayContaining(['get-federationtrust', 'feder', 'trust', 'nofreebusyaccessexception', 'busi', 'access', 'wssecurity', 'secur']));
  });

  it('does not let prototype names collide with features', () => {
    const f = extractFeatures('constructor __proto__ toString');
    for (const k of f.word.keys()) expect(k).toMatch(/^[wbsc]:/);
  });

  it('makes the same features whatever the admin’s values are', () => {
    const a = extractFeatures('Autodiscover failed for email address adele@contoso.com: The remote name could not be resolved: autodiscover.contoso.com');
    const b = extractFeatures('Autodiscover failed for email address bob@tailspintoys.co.uk: The remote name could not be resolved: autodiscover.tailspintoys.co.uk');
    expect([...a.word.keys()].sort()).toEqual([...b.word.keys()].sort());
  });
});
