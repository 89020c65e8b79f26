import type { Story } from './types.js';

const ONPREM_MAILBOX = 'n.okafor@wingtiptoys.com';

const REPORTED =
  'Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 401: Unauthorized. reason="The user specified by the user-context in the token does not exist.";error_category="invalid_user"';

function oauthTest(detail: string): string {
  return String.raw`[PS] C:\Windows\system32>Test-OAuthConnectivity -Service EWS -TargetUri https://outlook.office365.com/ews/exchange.asmx -Mailbox ${ONPREM_MAILBOX} -Verbose | FL


Task        : Checking EWS API Call Under Oauth
Detail      : The configuration was last successfully loaded at 01/01/0001 00:00:00 UTC. This was 1066301 minutes ago.
              The token cache is being cleared because "use cached token" was set to false.
              Exchange Outbound Oauth Log:
              Client request ID: 7a3c5e91-2d4f-4b68-8e0a-c1f3b5d7e924
${detail}
ResultType  : Error
Identity    : Microsoft.Exchange.Security.OAuth.ValidationResultNodeId
IsValid     : True
ObjectState : New
`;
}

const TEST_USER_NOT_EXIST = oauthTest(`              Exchange Response Details:
              HTTP response message:
              Exception:
              System.Net.WebException: The remote server returned an error: (401) Unauthorized.
                 at System.Net.HttpWebRequest.GetResponse()
                 at Microsoft.Exchange.Monitoring.TestOAuthConnectivityHelper.SendExchangeOAuthRequest(ADUser user, String orgDomain, Uri targetUri, String& diagnosticMessage, Boolean appOnly, Boolean useCachedToken, Boolean reloadConfig, diagnostics: 2000001;reason="The user specified by the user-context in the token does not exist.";error_category="invalid_user"`);

const TEST_KEY_NOT_FOUND = oauthTest(`              Error:Unable to get token from Auth Server.
              Error code: 'invalid_client'.
              Description: 'AADSTS70002: Error validating credentials. AADSTS50012: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '3C7A1E9B5D2F8A4C6E0B2D4F6A8C1E3B5D7F9A20'.`);

/** Exchange Online PowerShell (EXO V3 module) when the object does not exist. */
const MAILUSER_NOT_FOUND = String.raw`PS C:\> Get-MailUser -Identity ${ONPREM_MAILBOX} | FL Name,RecipientTypeDetails,PrimarySmtpAddress,ExternalEmailAddress,IsDirSynced
Write-ErrorMessage : |Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object '${ONPREM_MAILBOX}' couldn't be found on 'AM6PR03A02DC004.EURPRD03.PROD.OUTLOOK.COM'.
At C:\Users\admin\AppData\Local\Temp\tmpEXO_4ctv2mfn.pqw\tmpEXO_4ctv2mfn.pqw.psm1:1205 char:13
+             Write-ErrorMessage $ErrorObject
+             ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotSpecified: (:) [Get-MailUser], ManagementObjectNotFoundException
    + FullyQualifiedErrorId : [Server=AM6PR03MB5044,RequestId=2b9e4f71-c6a3-4d58-9f12-e07b3a5c8d14,TimeStamp=Sun, 23 Nov 2025 14:31:02 GMT],Write-ErrorMessage

`;

function mailUser(isDirSynced: 'True' | 'False'): string {
  return String.raw`PS C:\> Get-MailUser -Identity ${ONPREM_MAILBOX} | FL Name,RecipientTypeDetails,PrimarySmtpAddress,ExternalEmailAddress,IsDirSynced


Name                 : Ngozi Okafor
RecipientTypeDetails : MailUser
PrimarySmtpAddress   : ${ONPREM_MAILBOX}
ExternalEmailAddress : SMTP:${ONPREM_MAILBOX}
IsDirSynced          : ${isDirSynced}

`;
}

const START: [string, string[]][] = [
  [REPORTED, ['**The user specified by the user-context in the token does not exist**', 'Which on-premises mailbox is involved?']],
  [ONPREM_MAILBOX, [`Test-OAuthConnectivity -Service EWS -TargetUri https://outlook.office365.com/ews/exchange.asmx -Mailbox ${ONPREM_MAILBOX} -Verbose | FL`, 'Exchange Management Shell']],
];

export const stories: Story[] = [
  {
    name: 'the mail user does not exist in Exchange Online and the user is outside the sync scope: the scope is widened',
    errorId: 'oauth-user-context-not-exist',
    turns: [
      ...START,
      [TEST_USER_NOT_EXIST, [`Found: The OAuth test for ${ONPREM_MAILBOX} reproduces the error`, `Get-MailUser -Identity ${ONPREM_MAILBOX} | FL Name,RecipientTypeDetails,PrimarySmtpAddress,ExternalEmailAddress,IsDirSynced`]],
      [MAILUSER_NOT_FOUND, [`Found: Exchange Online has no mail user for ${ONPREM_MAILBOX}`, 'Synchronization Service Manager', 'What did you find?']],
      ['The user is outside the sync scope', ['not in the Entra Connect synchronization scope', 'Fix: Bring the user into the sync scope', 'Start-ADSyncSyncCycle -PolicyType Initial']],
      ['Yes, it works now', ['fixed', 'Bring the user into the sync scope']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'a cloud-created mail user holds the address (IsDirSynced False): the user is in scope, a delta sync fixes it',
    errorId: 'oauth-user-context-not-exist',
    turns: [
      ...START,
      [TEST_USER_NOT_EXIST, ['reproduces the error']],
      [mailUser('False'), ['Found: A mail user exists but was created in the cloud (IsDirSynced False)', 'What did you find?']],
      ['The user is in scope without errors', ['Fix: Synchronize the user with Microsoft Entra Connect', 'Start-ADSyncSyncCycle -PolicyType Delta']],
      ['Yes, it works now', ['fixed', 'Synchronize the user with Microsoft Entra Connect']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'a synchronized mail user exists (IsDirSynced True): a delta sync does not help, escalated',
    errorId: 'oauth-user-context-not-exist',
    turns: [
      ...START,
      [TEST_USER_NOT_EXIST, ['reproduces the error']],
      [mailUser('True'), ['Found: A synchronized mail user exists', 'Fix: Synchronize the user with Microsoft Entra Connect']],
      ['No, still broken', ['**Escalation**', 'Entra ID and Exchange Online']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'the user shows a sync error in Entra Connect: escalated',
    errorId: 'oauth-user-context-not-exist',
    turns: [
      ...START,
      [TEST_USER_NOT_EXIST, ['reproduces the error']],
      [MAILUSER_NOT_FOUND, ['Found: Exchange Online has no mail user']],
      ['The user is in scope but shows a sync error', ['Entra Connect reports an error for this user', '**Escalation**']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'the OAuth test fails with AADSTS50012 key not found first: the walk ends and points to that error',
    errorId: 'oauth-user-context-not-exist',
    turns: [
      ...START,
      [TEST_KEY_NOT_FOUND, ['Found: The test fails earlier, because Entra ID does not know the on-premises OAuth certificate', 'This is the key-not-found error']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
];
