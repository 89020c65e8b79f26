import type { Story } from './types.js';

const ERROR =
  'Proxy web request failed. , inner exception: System.Net.WebException: Unable to connect to the remote server ; System.Net.Sockets.SocketException: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond 203.0.113.25:443 at System.Net.Sockets.Socket.EndConnect(IAsyncResult asyncResult)';

const MIGRATION_TEST_FAILED = `PS C:\\> Test-MigrationServerAvailability -RemoteServer mail.contoso.com -ExchangeRemoteMove -Credentials (Get-Credential)

RunspaceId         : 3b9c1f27-6a0e-4d58-9e21-7c4f0a8b5d13
Result             : Failed
Message            : The connection to the server 'mail.contoso.com' could not be completed.
ConnectionSettings :
SupportsCutover    : False
ErrorDetail        : Microsoft.Exchange.Migration.MigrationRemoteEndpointConnectionException: The connection to the server
                     'mail.contoso.com' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.RemoteTransientException:
                     The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: Unable to connect to the remote
                     server --> A connection attempt failed because the connected party did not properly respond after a period of
                     time, or established connection failed because connected host has failed to respond 203.0.113.25:443.
TestedEndpoint     : mail.contoso.com
IsValid            : True
Identity           :
ObjectState        : New

`;

const MIGRATION_TEST_OK = `PS C:\\> Test-MigrationServerAvailability -RemoteServer mail.contoso.com -ExchangeRemoteMove -Credentials (Get-Credential)

RunspaceId         : 3b9c1f27-6a0e-4d58-9e21-7c4f0a8b5d13
Result             : Success
Message            :
ConnectionSettings : <ExchangeConnectionSettings HasAdminPrivilege="True" HasAutodiscovery="False" HasMrsProxy="True" IncomingRPCProxyServer="mail.contoso.com" IncomingExchangeServer="" IncomingNSPIServer="" IncomingDomain="CONTOSO" IncomingUserName="administrator" EncryptedIncomingPassword="*****" IncomingAuthentication="Basic" IncomingEmailAddress="" TargetDeliveryDomain="" />
SupportsCutover    : False
ErrorDetail        :
TestedEndpoint     : mail.contoso.com
IsValid            : True
Identity           :
ObjectState        : New

`;

/** Exchange Online PowerShell (EXO V3) prints a failed cmdlet through Write-ErrorMessage. */
const MIGRATION_TEST_ERROR = `PS C:\\> Test-MigrationServerAvailability -RemoteServer mail.contoso.com -ExchangeRemoteMove -Credentials (Get-Credential)
Write-ErrorMessage : |Microsoft.Exchange.Migration.MigrationServerConnectionTimeoutException|The connection to the server 'mail.contoso.com' timed out.
At C:\\Users\\admin\\AppData\\Local\\Temp\\tmpEXO_4kq2xw1b.3fn\\tmpEXO_4kq2xw1b.3fn.psm1:1204 char:13
+             Write-ErrorMessage $ErrorObject
+             ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotSpecified: (:) [Test-MigrationServerAvailability], MigrationServerConnectionTimeoutException
    + FullyQualifiedErrorId : [Server=AM6PR04MB5123,RequestId=9c0e4b7a-2f61-4d3e-8a15-6b7c9d0e1f2a,TimeStamp=Mon, 19 Feb 2024 09:41:07 GMT],Write-ErrorMessage

`;

export const stories: Story[] = [
  {
    name: 'cloud to on-premises, nothing blocked in the logs, request logged; Test-MigrationServerAvailability fails, opening EWS fixes it',
    errorId: 'proxy-unable-to-connect',
    turns: [
      [ERROR, ['Unable to connect to the remote server', 'Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['Microsoft 365 URLs and IP address ranges', 'Do the logs show the Exchange Online connections being dropped or refused?']],
      ['No, nothing is blocked (or I cannot see these logs)', ['ASProxy/CrossForest/EmailDomain', 'Is the free/busy request from Exchange Online logged on any server?']],
      ['Yes, it is logged', ['public host name']],
      ['mail.contoso.com', ['Test-MigrationServerAvailability -RemoteServer mail.contoso.com -ExchangeRemoteMove', 'Exchange Online PowerShell']],
      [MIGRATION_TEST_FAILED, ['Exchange Online could not reach mail.contoso.com: the test result is Failed', 'Open the on-premises EWS endpoint to Exchange Online', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Open the on-premises EWS endpoint to Exchange Online']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'Test-MigrationServerAvailability succeeds: only a few users on one Exchange Online server, allowing its IP fixes it',
    errorId: 'proxy-unable-to-connect',
    turns: [
      [ERROR, ['Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['Do the logs show the Exchange Online connections being dropped or refused?']],
      ['No, nothing is blocked (or I cannot see these logs)', ['W3SVC1']],
      ['Yes, it is logged', ['public host name']],
      ['mail.contoso.com', ['Test-MigrationServerAvailability']],
      [MIGRATION_TEST_OK, ['Exchange Online reached the on-premises EWS endpoint at mail.contoso.com', 'Are only a few cloud users affected']],
      ['Yes, a few users on the same Exchange Online server', ['outbound IP being blocked', 'Allow the outbound IP of that Exchange Online server', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Allow the outbound IP of that Exchange Online server']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'Test-MigrationServerAvailability stops with an EXO error record: opening EWS fixes it',
    errorId: 'proxy-unable-to-connect',
    turns: [
      [ERROR, ['Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['Do the logs show the Exchange Online connections being dropped or refused?']],
      ['No, nothing is blocked (or I cannot see these logs)', ['Is the free/busy request from Exchange Online logged on any server?']],
      ['Yes, it is logged', ['public host name']],
      ['mail.contoso.com', ['Test-MigrationServerAvailability']],
      [MIGRATION_TEST_ERROR, ['The test stopped with an error, so Exchange Online could not reach mail.contoso.com', 'Open the on-premises EWS endpoint to Exchange Online']],
      ['Yes, it works now', ['fixed', 'Open the on-premises EWS endpoint to Exchange Online']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the perimeter drops Exchange Online connections: allowing the ranges fixes it',
    errorId: 'proxy-unable-to-connect',
    turns: [
      [ERROR, ['Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['Do the logs show the Exchange Online connections being dropped or refused?']],
      ['Yes, connections from Exchange Online IPs are blocked', ['The perimeter drops connections from Exchange Online', 'Allow the Exchange Online IP ranges inbound', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Allow the Exchange Online IP ranges inbound']],
    ],
    ends: 'resolved',
  },
  {
    name: 'on-premises to cloud: outbound traffic blocked, allowing it fixes it',
    errorId: 'proxy-unable-to-connect',
    turns: [
      [ERROR, ['Who is looking up whom?']],
      ['An on-premises user looks up a cloud user', ['Is outbound traffic from the Exchange servers to Exchange Online blocked?']],
      ['Yes, it is blocked', ['Outbound connections from the Exchange servers to Exchange Online are blocked', 'Allow outbound traffic to Exchange Online']],
      ['Yes, it works now', ['fixed', 'Allow outbound traffic to Exchange Online']],
    ],
    ends: 'resolved',
  },
];

export const knownFailures: Story[] = [];
