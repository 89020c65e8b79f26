import type { Story } from './types.js';

const TARGET = 'chanok@contoso.com';
const ERROR = `The cross-organization request for mailbox ${TARGET} is not allowed because the requester is from a different organization Recipient: ${TARGET} Exception Type: CrossOrganizationProxyNotAllowedForExternalOrganization Exception Message: The cross-organization request for ${TARGET} is not allowed because the requester is from a different organization. LID: 39660`;
const SCENARIO_TENANTS = 'A user of one Exchange Online tenant looks up a cloud mailbox of another tenant that is hybrid';

/** Run in the target (hybrid) tenant: the mailbox is in Exchange Online and carries the coexistence address. */
const TARGET_MAILBOX = `PS C:\\> Get-Mailbox -Identity "${TARGET}" | FL PrimarySmtpAddress,RecipientTypeDetails,EmailAddresses


PrimarySmtpAddress   : ${TARGET}
RecipientTypeDetails : UserMailbox
EmailAddresses       : {SMTP:${TARGET}, smtp:chanok@contoso.mail.onmicrosoft.com, smtp:chanok@contoso.onmicrosoft.com,
                       SPO:SPO_4f3e2d1c-0b9a-4c7d-8e5f-4a3b2c1d0e9f@SPO_3c5e8f0a-2b1d-4e7f-9a6c-0d1e2f3a4b5c}

`;

/** The same lookup when the mailbox is still on-premises: Exchange Online does not know it. */
const TARGET_NOT_IN_EXO = `PS C:\\> Get-Mailbox -Identity "${TARGET}" | FL PrimarySmtpAddress,RecipientTypeDetails,EmailAddresses
Write-ErrorMessage : Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation
couldn't be performed because object '${TARGET}' couldn't be found on 'BN8PR12A003DC004.NAMPR12A003.prod.outlook.com'.
At C:\\Users\\admin\\AppData\\Local\\Temp\\tmpEXO_kq3vd1mx.ybt\\tmpEXO_kq3vd1mx.ybt.psm1:1204 char:13
+             Write-ErrorMessage $ErrorObject
+             ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotSpecified: (:) [Get-Mailbox], ManagementObjectNotFoundException
    + FullyQualifiedErrorId : [Server=BN8PR12MB3345,RequestId=7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f,TimeStamp=Mon, 10 Ma
   r 2025 14:02:11 GMT],Write-ErrorMessage
`;

export const stories: Story[] = [
  {
    name: 'tenant to hybrid tenant: Autodiscover points on-premises, the mailbox has a routing address, querying it fixes it',
    errorId: 'cross-org-requester-different-org',
    turns: [
      [ERROR, ['The cross-organization request is not allowed because the requester is from a different organization', 'Who looks up whom?', SCENARIO_TENANTS]],
      [SCENARIO_TENANTS, ['on-premises SMTP domain']],
      ['contoso.com', ['Resolve-DnsName -Name autodiscover.contoso.com -Type CNAME', 'Where does Autodiscover for the target\'s primary SMTP domain point?']],
      ['To the target organization\'s on-premises Exchange', ['requests for its cloud mailboxes reach the wrong half of the hybrid', 'Whose calendar cannot be seen?']],
      [TARGET, ['Get-Mailbox -Identity "chanok@contoso.com" | FL PrimarySmtpAddress,RecipientTypeDetails,EmailAddresses', 'Exchange Online PowerShell']],
      [TARGET_MAILBOX, ['routing address among its addresses', 'smtp:chanok@contoso.mail.onmicrosoft.com', 'Look the target up by its .mail.onmicrosoft.com address']],
      ['Yes, it works now', ['fixed', 'Look the target up by its .mail.onmicrosoft.com address']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the first workaround is not practical: the mail user in the requesting tenant is pointed at the routing address',
    errorId: 'cross-org-requester-different-org',
    turns: [
      [`our partner tenant gets "The cross-organization request for mailbox ${TARGET} is not allowed because the requester is from a different organization" when they look at our cloud users`, ['Who looks up whom?']],
      [SCENARIO_TENANTS, ['on-premises SMTP domain']],
      ['contoso.com', ['Resolve-DnsName']],
      ['To the target organization\'s on-premises Exchange', ['Whose calendar cannot be seen?']],
      [TARGET, ['Get-Mailbox']],
      [TARGET_MAILBOX, ['smtp:chanok@contoso.mail.onmicrosoft.com', 'Did this fix it?']],
      ['No, still broken', ['Point the requester\'s mail user or contact at the routing address', 'Set-MailUser -Identity "chanok@contoso.com" -ExternalEmailAddress "SMTP:<alias>@<target tenant>.mail.onmicrosoft.com"', 'Set-MailContact']],
      ['Yes, it works now', ['fixed', 'Point the requester']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the mailbox is not in the target tenant\'s Exchange Online: the workaround does not apply, escalated',
    errorId: 'cross-org-requester-different-org',
    turns: [
      [ERROR, ['Who looks up whom?']],
      [SCENARIO_TENANTS, ['on-premises SMTP domain']],
      ['contoso.com', ['Resolve-DnsName']],
      ['To the target organization\'s on-premises Exchange', ['Whose calendar cannot be seen?']],
      [TARGET, ['Get-Mailbox']],
      [TARGET_NOT_IN_EXO, ['The mailbox is not in the hybrid tenant\'s Exchange Online', '**Escalation**', 'Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'Autodiscover moved to Exchange Online while mailboxes are still on-premises: pointing it back fixes it',
    errorId: 'cross-org-requester-different-org',
    turns: [
      ['CrossOrganizationProxyNotAllowedForExternalOrganization LID 39660', ['Who looks up whom?']],
      ['Our hybrid organization switched Autodiscover for its SMTP domains to Exchange Online while some mailboxes are still on-premises', ['Autodiscover for the hybrid domain points to Exchange Online', 'Make Autodiscover point where the mailboxes are', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Make Autodiscover point where the mailboxes are']],
    ],
    ends: 'resolved',
  },
];
