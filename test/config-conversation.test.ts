import { describe, expect, it } from 'vitest';
import { Chat } from './helpers/chat.js';

const AUTH_SERVER_BAD = `Name                 : WindowsAzureACS
IssuerIdentifier     : 00000001-0000-0000-c000-000000000001
TokenIssuingEndpoint : https://accounts.accesscontrol.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/tokens/OAuth/2
AuthMetadataUrl      : https://accounts.accesscontrol.windows.net/contoso.onmicrosoft.com/metadata/json/1
Enabled              : False`;

const TRUST_EXO = `Name            ApplicationIdentifier ApplicationUri
----            --------------------- --------------
WindowsLiveId   292841                outlook.live.com
MicrosoftOnline 260563                outlook.com`;

describe('configuration check in the conversation', () => {
  it('checks pasted configuration output without any error, naming each deviation, its fix and what passed', async () => {
    const chat = new Chat();
    const reply = await chat.say(AUTH_SERVER_BAD);
    expect(reply).toContain('Configuration check of Get-AuthServer');
    expect(reply).toContain('IssuerIdentifier');
    expect(reply).toContain('00000001-0000-0000-c000-000000000001');
    expect(reply).toMatch(/Enabled is `False`/);
    expect(reply).toContain('Set-AuthServer');
    expect(reply).toMatch(/Not checked yet: .*TokenIssuingEndpoint.*tenant ID/);
  });

  it('says which checks passed', async () => {
    const chat = new Chat();
    const reply = await chat.say(AUTH_SERVER_BAD.replace('c000-000000000001', 'c000-000000000000').replace('False', 'True'));
    expect(reply).toMatch(/Passed: .*IssuerIdentifier/);
    expect(reply).toContain('0 to fix');
  });

  it('recognises the Exchange Online federation trust table and flags the outdated trust', async () => {
    const chat = new Chat();
    const reply = await chat.say(TRUST_EXO);
    expect(reply).toContain('Configuration check of Get-FederationTrust');
    expect(reply).toContain('292841');
    expect(reply).toContain('outlook.live.com');
  });

  it('remembers configuration deviations as findings for status and escalation', async () => {
    const chat = new Chat();
    await chat.say(AUTH_SERVER_BAD);
    await chat.say('escalate');
    await chat.say('skip');
    await chat.say('Normal');
    expect(await chat.say('Send the ticket')).toContain('Get-AuthServer: IssuerIdentifier');
  });
});
