import type { Story } from './types.js';

const ERROR =
  'ErrorProxyRequestProcessingFailed: Proxy web request failed. , inner exception: An error occurred when processing the security tokens in the message. Name of the server where exception originated: AM4PR07MB1532. LID: 59916';

function federationTrust(orgPriv: string): string {
  return `[PS] C:\\Windows\\system32>Get-FederationTrust | FL


RunspaceId                   : 7d1f0c4e-92b3-4a8e-b7d5-3e6f1a2c9b80
ApplicationIdentifier        : 260563
ApplicationUri               : FYDIBOHF25SPDLT.contoso.com
AdminDisplayName             :
OrgCertificate               : [Subject]
                                 CN=Federation

                               [Issuer]
                                 CN=Federation

                               [Serial Number]
                                 6A1B2C3D4E5F60718293A4B5C6D7E8F9

                               [Not Before]
                                 3/14/2019 9:12:44 AM

                               [Not After]
                                 3/14/2024 9:12:44 AM

                               [Thumbprint]
                                 5F4E3D2C1B0A99887766554433221100FFEEDDCC

OrgNextCertificate           :
OrgPrevCertificate           :
OrgPrivCertificate           : ${orgPriv}
OrgNextPrivCertificate       :
OrgPrevPrivCertificate       :
TokenIssuerCertificate       : [Subject]
                                 CN=MicrosoftOnline

                               [Issuer]
                                 CN=MicrosoftOnline

                               [Serial Number]
                                 3E2D1C0B9A8F7E6D

                               [Not Before]
                                 10/3/2023 12:00:00 AM

                               [Not After]
                                 10/3/2028 12:00:00 AM

                               [Thumbprint]
                                 A0B1C2D3E4F5061728394A5B6C7D8E9F00112233

TokenIssuerCertReference     :
TokenIssuerPrevCertificate   :
TokenIssuerPrevCertReference :
TokenIssuerType              : MicrosoftOnline
TokenIssuerUri               : urn:federation:MicrosoftOnline
TokenIssuerEpr               : https://login.microsoftonline.com/extSTS.srf
TokenIssuerMetadataEpr       : https://nexus.microsoftonline-p.com/FederationMetadata/2006-12/FederationMetadata.xml
WebRequestorRedirectEpr      : https://login.microsoftonline.com/login.srf?wa=wsignin1.0
MetadataEpr                  : https://nexus.microsoftonline-p.com/FederationMetadata/2006-12/FederationMetadata.xml
MetadataPutEpr               :
MetadataPollInterval         : 1.00:00:00
PolicyReferenceUri           : EX_MBI_FED_SSL
NamespaceProvisioner         : ExternalProcess
Name                         : Microsoft Federation Gateway
DistinguishedName            : CN=Microsoft Federation Gateway,CN=Federation Trusts,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local
Identity                     : Microsoft Federation Gateway
ObjectClass                  : {top, msExchFedTrust}
WhenChanged                  : 1/10/2025 2:03:11 PM
WhenCreated                  : 3/14/2019 9:12:50 AM
OriginatingServer            : DC01.contoso.local
IsValid                      : True
ObjectState                  : Unchanged

`;
}

const TRUST_WITH_CERT = federationTrust('5F4E3D2C1B0A99887766554433221100FFEEDDCC');
const TRUST_WITHOUT_CERT = federationTrust('');

const CERT_EXPIRED = `[PS] C:\\Windows\\system32>Get-ExchangeCertificate -Thumbprint (Get-FederationTrust).OrgPrivCertificate | FL Thumbprint,Subject,NotBefore,NotAfter,Services


Thumbprint : 5F4E3D2C1B0A99887766554433221100FFEEDDCC
Subject    : CN=Federation
NotBefore  : 3/14/2019 9:12:44 AM
NotAfter   : 3/14/2024 9:12:44 AM
Services   : Federation

`;

const CERT_VALID = `[PS] C:\\Windows\\system32>Get-ExchangeCertificate -Thumbprint (Get-FederationTrust).OrgPrivCertificate | FL Thumbprint,Subject,NotBefore,NotAfter,Services


Thumbprint : 5F4E3D2C1B0A99887766554433221100FFEEDDCC
Subject    : CN=Federation
NotBefore  : 1/10/2025 10:20:31 AM
NotAfter   : 1/10/2030 10:20:31 AM
Services   : Federation

`;

/** -Verbose: the console wraps the long VERBOSE lines, the results come as the default table. */
const FED_TRUST_OK = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity megan.bowen@contoso.com -Verbose
VERBOSE: [09:41:02.118 GMT] Test-FederationTrust : Active Directory session settings for 'Test-FederationTrust' are: View
Entire Forest: 'False', Default Scope: 'contoso.local', Configuration Domain Controller: 'DC01.contoso.local',
VERBOSE: [09:41:02.134 GMT] Test-FederationTrust : Beginning processing &
VERBOSE: [09:41:03.010 GMT] Test-FederationTrust : Retrieved Token Issuer Uri from Federation Metadata:
urn:federation:MicrosoftOnline.
VERBOSE: [09:41:03.010 GMT] Test-FederationTrust : Retrieved Token Issuer End Point from Federation Metadata:
https://login.microsoftonline.com/extSTS.srf.

Id                           Type    Message
--                           ----    -------
FederationTrustConfiguration Success FederationTrust object in ActiveDirectory is valid.
FederationMetadata           Success The federation trust contains the same certificates published by the security token service in its federation metadata.
StsCertificate               Success Valid certificate referenced by property TokenIssuerCertificate in the FederationTrust object.
StsPreviousCertificate       Success Valid certificate referenced by property TokenIssuerPrevCertificate in the FederationTrust object.
OrganizationCertificate      Success Valid certificate referenced by property OrgPrivCertificate in the FederationTrust object.
TokenRequest                 Success Request to STS for delegation token succeeded.
TokenValidation              Success Delegation token was successfully validated.

VERBOSE: [09:41:04.551 GMT] Test-FederationTrust : Ending processing &
`;

const FED_TRUST_TOKEN_ERROR = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity megan.bowen@contoso.com -Verbose
VERBOSE: [09:41:02.134 GMT] Test-FederationTrust : Beginning processing &
VERBOSE: [09:41:03.912 GMT] Test-FederationTrust : Failed to request delegation token. Reason: <S:Fault
xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuth

Id                           Type    Message
--                           ----    -------
FederationTrustConfiguration Success FederationTrust object in ActiveDirectory is valid.
FederationMetadata           Success The federation trust contains the same certificates published by the security token service in its federation metadata.
StsCertificate               Success Valid certificate referenced by property TokenIssuerCertificate in the FederationTrust object.
StsPreviousCertificate       Success Valid certificate referenced by property TokenIssuerPrevCertificate in the FederationTrust object.
OrganizationCertificate      Success Valid certificate referenced by property OrgPrivCertificate in the FederationTrust object.
TokenRequest                 Error   Failed to request delegation token.
TokenValidation              Error   No delegation token to validate.

VERBOSE: [09:41:04.551 GMT] Test-FederationTrust : Ending processing &
`;

const CERT_EVERYWHERE = `[PS] C:\\Windows\\system32>Test-FederationTrustCertificate

Site                                            Server     State        Thumbprint
----                                            ------     -----        ----------
contoso.local/Configuration/Sites/Default-Fir... EX01       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC
contoso.local/Configuration/Sites/Default-Fir... EX02       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC

`;

export const stories: Story[] = [
  {
    name: 'the federation certificate expired: renewing it fixes it',
    errorId: 'dauth-security-tokens-processing',
    turns: [
      [ERROR, ['An error occurred when processing the security tokens in the message', 'Get-FederationTrust | FL']],
      [TRUST_WITH_CERT, ['names an organization certificate', 'Get-ExchangeCertificate -Thumbprint (Get-FederationTrust).OrgPrivCertificate']],
      [CERT_EXPIRED, ['The federation certificate expired on 3/14/2024 9:12:44 AM', 'New-ExchangeCertificate', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Renew or redistribute the federation certificate']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'certificate valid, tests pass everywhere: refreshing the metadata twice fixes it',
    errorId: 'dauth-security-tokens-processing',
    turns: [
      [ERROR, ['Get-FederationTrust | FL']],
      [TRUST_WITH_CERT, ['names an organization certificate']],
      [CERT_VALID, ['The federation certificate is present and not expired', 'Which on-premises mailbox is involved?']],
      ['megan.bowen@contoso.com', ['Test-FederationTrust -UserIdentity megan.bowen@contoso.com -Verbose']],
      [FED_TRUST_OK, ['Test-FederationTrust reports no errors', 'Test-FederationTrustCertificate']],
      [CERT_EVERYWHERE, ['Every server has the federation certificate installed', 'Get-FederationTrust | Set-FederationTrust -RefreshMetadata', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Refresh the federation metadata twice']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the token request fails; certificate work and metadata refresh do not help: escalates',
    errorId: 'dauth-security-tokens-processing',
    turns: [
      [ERROR, ['Get-FederationTrust | FL']],
      [TRUST_WITH_CERT, ['names an organization certificate']],
      [CERT_VALID, ['present and not expired', 'Which on-premises mailbox is involved?']],
      ['megan.bowen@contoso.com', ['Test-FederationTrust']],
      [FED_TRUST_TOKEN_ERROR, ['Test-FederationTrust fails: Failed to request delegation token.', 'Renew or redistribute the federation certificate']],
      ['No, still broken', ['Set-FederationTrust -RefreshMetadata']],
      ['No, still broken', ['**Escalation**', 'Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'the trust names no organization certificate: goes straight to the certificate fix',
    errorId: 'dauth-security-tokens-processing',
    turns: [
      [ERROR, ['Get-FederationTrust | FL']],
      [TRUST_WITHOUT_CERT, ['OrgPrivCertificate is empty', 'Renew or redistribute the federation certificate', 'Did this fix it?']],
      ['Yes, it works now', ['fixed']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
];

export const knownFailures: Story[] = [];
