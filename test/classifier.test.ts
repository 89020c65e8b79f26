import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorClassifier } from '../src/classifier/classify.js';
import { loadKnowledge } from '../src/knowledge/load.js';

let classifier: ErrorClassifier;
beforeAll(() => {
  classifier = ErrorClassifier.fromKnowledge(loadKnowledge());
});

const top = (text: string) => classifier.classify(text);

describe('recognises pastes as admins make them', () => {
  it('matches the full .NET exception with its stack trace', () => {
    const r = top(`Autodiscover failed for email address megan.bowen@fabrikam.com with error System.Web.Services.Protocols.SoapHeaderException: An error occurred when verifying security for the message
   at System.Web.Services.Protocols.SoapHttpClientProtocol.ReadResponse(SoapClientMessage message, WebResponse response, Stream responseStream, Boolean asyncCall)
   at System.Web.Services.Protocols.SoapHttpClientProtocol.EndInvoke(IAsyncResult asyncResult)`);
    expect(r.decision).toBe('match');
    expect(r.candidates[0]?.id).toBe('wssecurity-verify-security');
    expect(r.candidates[0]?.matched.join(' ')).toMatch(/verifying security for the message/);
  });

  it('separates the federation gateway connect failure from the generic one (K4)', () => {
    expect(top('Failed to communicate with https://login.microsoftonline.com/extSTS.srf. Unable to connect to the remote server').candidates[0]?.id).toBe('mfg-extsts-unable-to-connect');
    expect(
      top('Proxy web request failed. , inner exception: System.Net.WebException: Unable to connect to the remote server ; System.Net.Sockets.SocketException: A connection attempt failed because the connected party did not properly respond after a period of time 52.96.8.10:443').candidates[0]?.id,
    ).toBe('proxy-unable-to-connect');
  });

  it('branches on "is ambiguous" vs "does not exist", and asks when the paste stops before it (K2)', () => {
    expect(top('The user specified by the user-context in the token is ambiguous. diagnostics: 2000005').candidates[0]?.id).toBe('oauth-user-context-ambiguous');
    expect(top('The user specified by the user-context in the token does not exist.').candidates[0]?.id).toBe('oauth-user-context-not-exist');
    const cut = top('The user specified by the user-context in the token');
    expect(cut.decision).toBe('ambiguous');
    expect(cut.suggestions.map((c) => c.id)).toEqual(expect.arrayContaining(['oauth-user-context-ambiguous', 'oauth-user-context-not-exist']));
  });

  it('answers a bare 401 with "did you mean", never one confident guess (K1)', () => {
    const r = top('The request failed with HTTP status 401: Unauthorized.');
    expect(r.decision).toBe('ambiguous');
    const k1 = ['proxy-401-preauth', 'oauth-missing-signing-cert', 'oauth-token-invalid-signature', 'oauth-key-not-found'];
    expect(r.suggestions.filter((c) => k1.includes(c.id)).length).toBeGreaterThanOrEqual(2);
  });

  it('reads the decisive text inside Test-OAuthConnectivity output (K3)', () => {
    const out = `RunspaceId  : 1d2f0c3a-7c1e-4d0a-9b9e-2f6f1b2c3d4e
Task        : Checking EWS API Call Under Oauth
Detail      : The configuration was last successfully loaded at 1/1/0001 12:00:00 AM UTC.
              Exchange Outbound Oauth Log:
              Client request ID: 5b1f2f3e-aaaa-bbbb-cccc-0123456789ab
              System.Net.WebException: The remote server returned an error: (401) Unauthorized.
              Boolean reloadConfig, diagnostics: 2000000; reason="The token has an invalid signature.";error_category="invalid_signature"
ResultType  : Error
Identity    : Microsoft.Exchange.Security.OAuth.ValidationResultNodeId`;
    const r = top(out);
    expect(r.candidates[0]?.id).toBe('oauth-token-invalid-signature');
    expect(r.codes).toEqual(expect.arrayContaining(['HTTP 401', 'diagnostics 2000000', 'error_category invalid_signature']));
  });

  it('finds the error in a long log regardless of the noise around it', () => {
    const noise = Array.from({ length: 400 }, (_, i) => `2026-11-23 10:${String(i % 60).padStart(2, '0')}:00 INFO MSExchangeServicesAppPool request ${i} completed for user${i}@contoso.com`).join('\n');
    const r = top(`${noise}\nProxy web request failed. , inner exception: The request failed with HTTP status 504: Gateway Timeout. LID: 43532\n${noise}`);
    expect(r.candidates[0]?.id).toBe('proxy-504-gateway-timeout');
  });

  it('gives the same answer whatever the admin’s hosts and addresses are', () => {
    const a = top('Autodiscover failed for E-Mail Address adele@contoso.com: The remote name could not be resolved: autodiscover.contoso.com');
    const b = top('Autodiscover failed for E-Mail Address k.ito@tailspintoys.co.jp: The remote name could not be resolved: autodiscover.tailspintoys.co.jp');
    expect(a.candidates.map((c) => [c.id, c.score])).toEqual(b.candidates.map((c) => [c.id, c.score]));
    expect(a.candidates[0]?.id).toBe('autodiscover-remote-name-not-resolved');
  });

  it('reads Teams HTML and Slack-escaped pastes like plain text', () => {
    const plain = top('The caller does not have access to free/busy data.');
    const teams = top('<p><at>FreeBusy Doctor</at> the scheduling assistant says</p><pre>Microsoft.Exchange.InfoWorker.Common.Availability.NoFreeBusyAccessException: The caller does not have access to free/busy data.</pre>');
    const slack = top('<@U0123> ```Microsoft.Exchange.InfoWorker.Common.Availability.NoFreeBusyAccessException: The caller does not have access to free/busy data.``` &lt;LID: 47652&gt;');
    for (const r of [plain, teams, slack]) expect(r.candidates[0]?.id).toBe('no-free-busy-access');
    expect(teams.decision).toBe('match');
    expect(slack.decision).toBe('match');
  });

  it('says unknown for chit-chat and junk', () => {
    for (const text of ['hi, are you there?', 'xq7 zzkw 1l2k3j4 ,,, ;;;', 'Mailbox move failed: TooManyBadItemsPermanentException']) {
      expect(top(text).decision, text).toBe('unknown');
    }
  });

  it('never answers another Exchange error with a confident match (the evaluation measures how often it says unknown)', () => {
    for (const text of [
      '550 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using Spamhaus',
      'Proxy web request failed. The request failed with HTTP status 502: Bad Gateway.',
      'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.',
    ]) {
      expect(top(text).decision, text).not.toBe('match');
    }
  });
});
