import type { Story } from './types.js';

const ERROR_FROM_TRACE =
  'Exception: Proxy web request failed. , inner exception: The request failed with HTTP status 401: Unauthorized diagnostics: 2000005;reason= "The user specified by the user-context in the token is ambiguous." ;error_category="invalid_user" LID: 43532 Name of the server where exception originated: AM6PR04MB5512';

const REQUESTER = 'j.morales@fabrikam.com';
const TARGET = 'priya.nair@fabrikam.com';

/** Get-ADObject ... | Measure-Object | FL Count, pasted with its prompt as the console shows it. */
function count(address: string, n: number): string {
  return String.raw`PS C:\> Get-ADObject -LDAPFilter "(|(userPrincipalName=${address})(proxyAddresses=SMTP:${address})(proxyAddresses=sip:${address}))" | Measure-Object | FL Count


Count : ${n}

`;
}

/** Measure-Object's default list, when the admin left out "| FL Count". */
const COUNT_DEFAULT_LIST_ONE = `Count    : 1
Average  :
Sum      :
Maximum  :
Minimum  :
Property :`;

export const stories: Story[] = [
  {
    name: 'the requesting cloud user is on two AD objects: the duplicate is removed and free/busy works',
    errorId: 'oauth-user-context-ambiguous',
    turns: [
      [ERROR_FROM_TRACE, ['**Exception proxy web request failed**', 'matches more than one on-premises Active Directory object', 'Which Exchange Online (cloud) mailbox is affected?']],
      [REQUESTER, ['Get-ADObject -LDAPFilter "(|(userPrincipalName=j.morales@fabrikam.com)(proxyAddresses=SMTP:j.morales@fabrikam.com)(proxyAddresses=sip:j.morales@fabrikam.com))"', 'Measure-Object | FL Count']],
      [count(REQUESTER, 2), ["Found: 2 on-premises objects hold the requesting user's UPN, SMTP or SIP address", 'Which on-premises mailbox is involved?']],
      [TARGET, ['Fix: Remove the duplicate address or the duplicate object', '-Properties userPrincipalName,proxyAddresses,whenCreated', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Cause: Two or more on-premises objects carry the same UPN']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'requester Count 1, target Count 3: the target duplicate is found, removing it does not help, escalated',
    errorId: 'oauth-user-context-ambiguous',
    turns: [
      [ERROR_FROM_TRACE, ['Exception proxy web request failed', 'Which Exchange Online (cloud) mailbox is affected?']],
      [REQUESTER, ['Get-ADObject', 'Measure-Object']],
      [count(REQUESTER, 1), ["Found: Only one object holds the requesting user's addresses", 'Which on-premises mailbox is involved?']],
      [TARGET, ["Count the on-premises objects that carry the target user's addresses", '(proxyAddresses=SMTP:priya.nair@fabrikam.com)']],
      [count(TARGET, 3), ["Found: 3 on-premises objects hold the target user's UPN, SMTP or SIP address", 'Fix: Remove the duplicate address or the duplicate object']],
      ['No, still broken', ['**Escalation**', 'EWS and HttpProxy logs']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'requester Count 0 (wrong UPN or domain), target single: the forest-wide LDAP search finds no duplicate, escalated',
    errorId: 'oauth-user-context-ambiguous',
    turns: [
      [ERROR_FROM_TRACE, ['Exception proxy web request failed', 'Which Exchange Online (cloud) mailbox is affected?']],
      [REQUESTER, ['Get-ADObject']],
      [count(REQUESTER, 0), ['Found: No object was found for j.morales@fabrikam.com', "the user's real UPN", 'Which on-premises mailbox is involved?']],
      [TARGET, ["target user's addresses"]],
      [count(TARGET, 1), ["Found: The target user's addresses belong to a single object in this domain", 'Entire Directory', 'Does either query return more than one object?']],
      ['No, each query returns a single object', ['The LDAP query found no duplicate', '**Escalation**']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: "Measure-Object's default list (Count 1) is read, the target check is skipped, the LDP search finds the duplicate",
    errorId: 'oauth-user-context-ambiguous',
    turns: [
      [ERROR_FROM_TRACE, ['Which Exchange Online (cloud) mailbox is affected?']],
      [REQUESTER, ['Measure-Object | FL Count']],
      [COUNT_DEFAULT_LIST_ONE, ['Found: Only one object holds the requesting user', 'Which on-premises mailbox is involved?']],
      [TARGET, ["target user's addresses", '(userPrincipalName=priya.nair@fabrikam.com)']],
      ['skip', ['Skipped', 'LDP.exe', '(|(userPrincipalName=priya.nair@fabrikam.com)(proxyAddresses=SMTP:priya.nair@fabrikam.com)(proxyAddresses=sip:priya.nair@fabrikam.com))']],
      ['Yes, one of the addresses is on two or more objects', ['An address from the token is shared by several on-premises objects', 'Fix: Remove the duplicate address or the duplicate object']],
      ['Yes, it works now', ['fixed']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
];
