import type { Story } from './types.js';

const ERROR =
  'Scheduling Assistant: No information for the Exchange Online attendees. Outlook logging: Failed to get ASURL. Error 8004010F. Mailbox is on EX2019-MBX03';

/** EX2019-MBX03 goes out through a proxy that refuses the system account. */
const FED_TRUST_TOKEN_ERROR = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity megan.bowen@contoso.com -Verbose
VERBOSE: [08:15:40.201 GMT] Test-FederationTrust : Beginning processing &
VERBOSE: [08:16:01.733 GMT] Test-FederationTrust : Failed to request delegation token. Reason: Failed to communicate
with https://login.microsoftonline.com/extSTS.srf., inner exception: The remote server returned an error: (407) Proxy
Authentication Required.

Id                           Type    Message
--                           ----    -------
FederationTrustConfiguration Success FederationTrust object in ActiveDirectory is valid.
FederationMetadata           Success The federation trust contains the same certificates published by the security token service in its federation metadata.
StsCertificate               Success Valid certificate referenced by property TokenIssuerCertificate in the FederationTrust object.
StsPreviousCertificate       Success Valid certificate referenced by property TokenIssuerPrevCertificate in the FederationTrust object.
OrganizationCertificate      Success Valid certificate referenced by property OrgPrivCertificate in the FederationTrust object.
TokenRequest                 Error   Failed to request delegation token.
TokenValidation              Error   No delegation token to validate.

VERBOSE: [08:16:01.901 GMT] Test-FederationTrust : Ending processing &
`;

const FED_TRUST_OK = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity megan.bowen@contoso.com -Verbose
VERBOSE: [08:15:40.201 GMT] Test-FederationTrust : Beginning processing &
VERBOSE: [08:15:41.310 GMT] Test-FederationTrust : Retrieved Token Issuer End Point from Federation Metadata:
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

VERBOSE: [08:15:42.077 GMT] Test-FederationTrust : Ending processing &
`;

export const stories: Story[] = [
  {
    name: 'client side and outbound access fine; EX2019-MBX03 cannot get a delegation token, opening the proxy fixes it',
    errorId: 'asurl-8004010f',
    turns: [
      [ERROR, ['Failed to get ASURL', 'Test E-mail AutoConfiguration', 'Does the result show an Availability Service URL']],
      ['Yes, an Availability Service URL is shown', ['Does the AS URL answer from the user']],
      ['Yes, it prompts for credentials', ['Does free/busy work between on-premises users on different Exchange servers?']],
      ['Yes', ['Do all on-premises Exchange servers have that outbound access?']],
      ['Yes', ['Which on-premises mailbox is involved?']],
      ['megan.bowen@contoso.com', ['Test-FederationTrust -UserIdentity megan.bowen@contoso.com -Verbose', 'the on-premises Exchange Management Shell']],
      [FED_TRUST_TOKEN_ERROR, ['This server cannot retrieve a delegation token', 'Let the server reach Office 365 through the proxy and firewall', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Let the server reach Office 365 through the proxy and firewall']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'everything checks out and the token request succeeds: escalates for advanced traces',
    errorId: 'asurl-8004010f',
    turns: [
      ['Failed to get ASURL. Error 8004010F.', ['Does the result show an Availability Service URL']],
      ['Yes, an Availability Service URL is shown', ['Does the AS URL answer']],
      ['Yes, it prompts for credentials', ['Does free/busy work between on-premises users']],
      ['Yes', ['outbound access']],
      ['Yes', ['Which on-premises mailbox is involved?']],
      ['megan.bowen@contoso.com', ['Test-FederationTrust']],
      [FED_TRUST_OK, ['This server retrieves a delegation token without problems', '**Escalation**', 'Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'Autodiscover does not return the AS URL: repairing Autodiscover fixes it',
    errorId: 'asurl-8004010f',
    turns: [
      [ERROR, ['Does the result show an Availability Service URL']],
      ['No Availability Service URL, or the test fails', ['Autodiscover does not return the EWS (Availability Service) URL', 'Get-WebServicesVirtualDirectory | FL Server,InternalUrl,ExternalUrl', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Make Autodiscover return the EWS URL']],
    ],
    ends: 'resolved',
  },
  {
    name: 'free/busy fails on-premises too and works without the load balancer: fixing the load balancer fixes it',
    errorId: 'asurl-8004010f',
    turns: [
      [ERROR, ['Does the result show an Availability Service URL']],
      ['Yes, an Availability Service URL is shown', ['Does the AS URL answer']],
      ['Yes, it prompts for credentials', ['Does free/busy work between on-premises users']],
      ['No', ['not limited to the hybrid leg', 'hosts file', 'What happens when the client talks to one server directly?']],
      ['It works without the load balancer', ['load balancers are bypassed', 'Correct the load balancer configuration']],
      ['Yes, it works now', ['fixed', 'Correct the load balancer configuration']],
    ],
    ends: 'resolved',
  },
];

export const knownFailures: Story[] = [];
