import type { Story } from './types.js';

const REPORTED =
  'Proxy web request failed. , inner exception: The remote user mailbox must specify the the explicit local mailbox in the header. Name of the server where exception originated: SN4PR0501MB3790.';

function servers(builds: [string, string][]): string {
  let out = String.raw`[PS] C:\Windows\system32>Get-ExchangeServer | FL Name,AdminDisplayVersion` + '\n\n\n';
  for (const [name, build] of builds) out += `Name                : ${name}\nAdminDisplayVersion : Version ${build}\n\n`;
  return out;
}

export const stories: Story[] = [
  {
    name: 'both Exchange 2013 servers run CU14 (Build 1236.3): updating past CU15 fixes it',
    errorId: 'oauth-explicit-local-mailbox-header',
    turns: [
      [REPORTED, ['**The remote user mailbox must specify the the explicit local mailbox in the header**', 'Get-ExchangeServer | FL Name,AdminDisplayVersion']],
      [servers([['FAB-EX13A', '15.0 (Build 1236.3)'], ['FAB-EX13B', '15.0 (Build 1236.3)']]), ['Found: A server runs Version 15.0 (Build 1236.3), an Exchange 2013 build between CU12 and CU14', 'Fix: Update Exchange 2013 to CU15 or later', 'Setup.exe /Mode:Upgrade /IAcceptExchangeServerLicenseTerms']],
      ['Yes, it works now', ['fixed', 'Cause: A known OAuth defect in Exchange 2013 CU12, CU13 and CU14']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the servers run Exchange 2013 CU23 (Build 1497.2): not the known defect, escalated',
    errorId: 'oauth-explicit-local-mailbox-header',
    turns: [
      [REPORTED, ['Get-ExchangeServer']],
      [servers([['FAB-EX13A', '15.0 (Build 1497.2)'], ['FAB-EX13B', '15.0 (Build 1497.2)']]), ['Found: No server runs Exchange 2013 CU12, CU13 or CU14', '**Escalation**', 'EWS logs']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'one CU13 server (Build 1210.3) beside an Exchange 2016 server: updated, the error remains, escalated',
    errorId: 'oauth-explicit-local-mailbox-header',
    turns: [
      [REPORTED, ['Get-ExchangeServer']],
      [servers([['FAB-EX13A', '15.0 (Build 1210.3)'], ['FAB-EX16A', '15.1 (Build 2507.6)']]), ['Found: A server runs Version 15.0 (Build 1210.3)', 'Fix: Update Exchange 2013 to CU15 or later']],
      ['No, still broken', ['**Escalation**', 'or were updated past them']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'the build cannot be read; the admin confirms CU12 to CU14: the update fixes it',
    errorId: 'oauth-explicit-local-mailbox-header',
    turns: [
      [REPORTED, ['Get-ExchangeServer']],
      ['skip', ['Do any on-premises servers run Exchange 2013 CU12, CU13 or CU14?']],
      ['Yes', ['The on-premises servers run an Exchange 2013 build with the known OAuth defect', 'Fix: Update Exchange 2013 to CU15 or later']],
      ['Yes, it works now', ['fixed']],
    ],
    ends: 'resolved',
  },
];
