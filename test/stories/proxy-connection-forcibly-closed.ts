import type { Story } from './types.js';

const ERROR =
  'Proxy web request failed. , inner exception: System.Net.WebException: The underlying connection was closed: An unexpected error occurred on a receive. System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host. System.Net.Sockets.SocketException: An existing connection was forcibly closed by the remote host. Name of the server where exception originated: DB8PR03MB5871';

const CERT_MISSING_ON_EX02 = `[PS] C:\\Windows\\system32>Test-FederationTrustCertificate

Site                                            Server     State        Thumbprint
----                                            ------     -----        ----------
contoso.local/Configuration/Sites/Default-Fir... EX01       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC
contoso.local/Configuration/Sites/Default-Fir... EX02       NotInstalled 5F4E3D2C1B0A99887766554433221100FFEEDDCC

`;

const CERT_EVERYWHERE = `[PS] C:\\Windows\\system32>Test-FederationTrustCertificate

Site                                            Server     State        Thumbprint
----                                            ------     -----        ----------
contoso.local/Configuration/Sites/Default-Fir... EX01       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC
contoso.local/Configuration/Sites/Default-Fir... EX02       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC

`;

const FOI_CLEAN = `[PS] C:\\Windows\\system32>Get-FederatedOrganizationIdentifier -IncludeExtendedDomainInfo | FL


RunspaceId          : 7d1f0c4e-92b3-4a8e-b7d5-3e6f1a2c9b80
AccountNamespace    : FYDIBOHF25SPDLT.contoso.com
Domains             : {contoso.com, contoso.mail.onmicrosoft.com}
Enabled             : True
OrganizationContact : admin@contoso.com
DelegationTrustLink : Microsoft Federation Gateway
DefaultDomain       :
IsValid             : True
ObjectState         : Unchanged

`;

const FOI_WARNING = `[PS] C:\\Windows\\system32>Get-FederatedOrganizationIdentifier -IncludeExtendedDomainInfo | FL
WARNING: The certificate referenced by property OrgPrivCertificate in the FederationTrust object Microsoft Federation Gateway isn't installed on server EX03.contoso.local.


RunspaceId          : 7d1f0c4e-92b3-4a8e-b7d5-3e6f1a2c9b80
AccountNamespace    : FYDIBOHF25SPDLT.contoso.com
Domains             : {contoso.com, contoso.mail.onmicrosoft.com}
Enabled             : True
OrganizationContact : admin@contoso.com
DelegationTrustLink : Microsoft Federation Gateway
DefaultDomain       :
IsValid             : True
ObjectState         : Unchanged

`;

export const stories: Story[] = [
  {
    name: 'request reaches IIS, DAuth: EX02 lacks the federation certificate, installing it fixes it',
    errorId: 'proxy-connection-forcibly-closed',
    turns: [
      [ERROR, ['An existing connection was forcibly closed by the remote host', 'ASAutoDiscover/CrossForest/EmailDomain', 'Do you find at least one of these entries']],
      ['Yes, the request is logged', ['The request reaches IIS', 'Does your hybrid free/busy use organization relationships (DAuth)']],
      ['Yes, organization relationships (DAuth)', ['Test-FederationTrustCertificate', 'the on-premises Exchange Management Shell']],
      [CERT_MISSING_ON_EX02, ['The federation certificate state is NotInstalled', 'Install the federation certificate on every server', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Install the federation certificate on every server']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'certificate installed and identifier clean: WSSecurity reset and iisreset do not help, a few users on one server, allowing its IP fixes it',
    errorId: 'proxy-connection-forcibly-closed',
    turns: [
      [ERROR, ['Do you find at least one of these entries']],
      ['Yes, the request is logged', ['Does your hybrid free/busy use organization relationships (DAuth)']],
      ['Yes, organization relationships (DAuth)', ['Test-FederationTrustCertificate']],
      [CERT_EVERYWHERE, ['The federation certificate is installed on every server', 'Get-FederatedOrganizationIdentifier -IncludeExtendedDomainInfo | FL']],
      [FOI_CLEAN, ['reads without errors or warnings', 'Set-WebServicesVirtualDirectory -WSSecurityAuthentication $false', 'Restart-WebAppPool MSExchangeAutodiscoverAppPool', 'Did this fix it?']],
      ['No, still broken', ['iisreset /noforce']],
      ['No, still broken', ['Are only one or a few cloud users affected']],
      ['Yes, only one or a few users', ['outbound IP being refused on-premises', 'Allow the outbound IP of that Exchange Online server']],
      ['Yes, it works now', ['fixed', 'Allow the outbound IP of that Exchange Online server']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the identifier warns that a third server lacks the certificate: installing it fixes it',
    errorId: 'proxy-connection-forcibly-closed',
    turns: [
      [ERROR, ['Do you find at least one of these entries']],
      ['Yes, the request is logged', ['Does your hybrid free/busy use organization relationships (DAuth)']],
      ['Yes, organization relationships (DAuth)', ['Test-FederationTrustCertificate']],
      [CERT_EVERYWHERE, ['installed on every server', 'Get-FederatedOrganizationIdentifier']],
      [FOI_WARNING, ['Reading the federated organization identifier prints a warning', 'Export-ExchangeCertificate', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Install the federation certificate on every server']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the request never reaches IIS and the perimeter resets it: allowing the Exchange Online ranges fixes it',
    errorId: 'proxy-connection-forcibly-closed',
    turns: [
      [ERROR, ['Do you find at least one of these entries']],
      ['No, neither entry is there', ['does not reach IIS', 'Do the logs show connections from Exchange Online IPs being blocked or reset?']],
      ['Yes, they are blocked', ['A perimeter device blocks or resets connections from Exchange Online', 'Allow the Exchange Online IP ranges']],
      ['Yes, it works now', ['fixed', 'Allow the Exchange Online IP ranges']],
    ],
    ends: 'resolved',
  },
  {
    name: 'OAuth, many users, no personal sharing: escalates to Microsoft Support',
    errorId: 'proxy-connection-forcibly-closed',
    turns: [
      [ERROR, ['Do you find at least one of these entries']],
      ['Yes, the request is logged', ['Does your hybrid free/busy use organization relationships (DAuth)']],
      ['No, OAuth through the intra-organization connector', ['Reset WSSecurity and recycle the application pools']],
      ['No, still broken', ['iisreset /noforce']],
      ['No, still broken', ['Are only one or a few cloud users affected']],
      ['No, many or all cloud users', ['**Escalation**', 'Microsoft Support']],
    ],
    ends: 'escalated',
  },
];

export const knownFailures: Story[] = [];
