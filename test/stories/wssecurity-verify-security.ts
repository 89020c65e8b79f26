import type { Story } from './types.js';

const ERROR =
  'Autodiscover failed for email address megan.bowen@contoso.com with error System.Web.Services.Protocols.SoapHeaderException: An error occurred when verifying security for the message at System.Web.Services.Protocols.SoapHttpClientProtocol.ReadResponse(SoapClientMessage message, WebResponse response, Stream responseStream, Boolean asyncCall) at System.Web.Services.Protocols.SoapHttpClientProtocol.EndInvoke(IAsyncResult asyncResult)';

/** EX02 was built later and never got WSSecurity on its EWS virtual directory. */
const VDIRS_ONE_OFF = `[PS] C:\\Windows\\system32>Get-AutodiscoverVirtualDirectory | FL Server,Identity,WSSecurityAuthentication; Get-WebServicesVirtualDirectory | FL Server,Identity,WSSecurityAuthentication


Server                   : EX01
Identity                 : EX01\\Autodiscover (Default Web Site)
WSSecurityAuthentication : True

Server                   : EX02
Identity                 : EX02\\Autodiscover (Default Web Site)
WSSecurityAuthentication : True


Server                   : EX01
Identity                 : EX01\\EWS (Default Web Site)
WSSecurityAuthentication : True

Server                   : EX02
Identity                 : EX02\\EWS (Default Web Site)
WSSecurityAuthentication : False

`;

const VDIRS_ALL_ON = `[PS] C:\\Windows\\system32>Get-AutodiscoverVirtualDirectory | FL Server,Identity,WSSecurityAuthentication; Get-WebServicesVirtualDirectory | FL Server,Identity,WSSecurityAuthentication


Server                   : EX01
Identity                 : EX01\\Autodiscover (Default Web Site)
WSSecurityAuthentication : True

Server                   : EX02
Identity                 : EX02\\Autodiscover (Default Web Site)
WSSecurityAuthentication : True


Server                   : EX01
Identity                 : EX01\\EWS (Default Web Site)
WSSecurityAuthentication : True

Server                   : EX02
Identity                 : EX02\\EWS (Default Web Site)
WSSecurityAuthentication : True

`;

/** Exchange Online: the HCW relationship to contoso.com has no TargetSharingEpr; a partner relationship has one. */
const ORGREL_BLANK_EPR = `PS C:\\> Get-OrganizationRelationship | FL Identity,DomainNames,TargetAutodiscoverEpr,TargetSharingEpr


Identity              : O365 to On-premises - 5c0e1a2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d
DomainNames           : {contoso.com, eu.contoso.com}
TargetAutodiscoverEpr : https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      :

Identity              : Fabrikam sharing
DomainNames           : {fabrikam.com}
TargetAutodiscoverEpr : https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      : https://mail.fabrikam.com/EWS/Exchange.asmx

`;

const ORGREL_EPR_SET = `PS C:\\> Get-OrganizationRelationship | FL Identity,DomainNames,TargetAutodiscoverEpr,TargetSharingEpr


Identity              : O365 to On-premises - 5c0e1a2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d
DomainNames           : {contoso.com, eu.contoso.com}
TargetAutodiscoverEpr : https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      : https://mail.contoso.com/EWS/Exchange.asmx

`;

export const stories: Story[] = [
  {
    name: 'metadata refresh does not help; EX02 has WSSecurity off on EWS, enabling it and iisreset fix it',
    errorId: 'wssecurity-verify-security',
    turns: [
      [ERROR, ['An error occurred when verifying security for the message', 'Get-FederationTrust | Set-FederationTrust -RefreshMetadata', 'Did this fix it?']],
      ['No, still broken', ['Get-AutodiscoverVirtualDirectory | FL Server,Identity,WSSecurityAuthentication', 'Get-WebServicesVirtualDirectory']],
      [VDIRS_ONE_OFF, ['WSSecurityAuthentication is False', 'Get-WebServicesVirtualDirectory | Set-WebServicesVirtualDirectory -WSSecurityAuthentication $true', 'Did this fix it?']],
      ['No, still broken', ['iisreset /noforce', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Restart IIS on every on-premises Exchange server']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'WSSecurity reads True everywhere: reset, restarts, no time skew, then the TargetSharingEpr bypass works',
    errorId: 'wssecurity-verify-security',
    turns: [
      ['SoapHeaderException: An error occurred when verifying security for the message', ['Set-FederationTrust -RefreshMetadata']],
      ['No, still broken', ['WSSecurityAuthentication']],
      [VDIRS_ALL_ON, ['enabled on every virtual directory', 'Set-AutodiscoverVirtualDirectory -WSSecurityAuthentication $false', 'Did this fix it?']],
      ['No, still broken', ['iisreset /noforce']],
      ['No, still broken', ['Restart all on-premises Exchange servers']],
      ['No, still broken', ['Microsoft-Windows-Time-Service', 'Do the System logs show Windows Time warnings or errors?']],
      ['No time-skew events', ['on-premises SMTP domain']],
      ['contoso.com', ['Get-OrganizationRelationship | FL Identity,DomainNames,TargetAutodiscoverEpr,TargetSharingEpr', 'Exchange Online PowerShell']],
      [ORGREL_BLANK_EPR, ['TargetSharingEpr is blank', 'external EWS URL']],
      ['https://mail.contoso.com/EWS/Exchange.asmx', ['Set-OrganizationRelationship "O365 to On-premises*" -TargetSharingEpr https://mail.contoso.com/EWS/Exchange.asmx', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Bypass Autodiscover with TargetSharingEpr']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'TargetSharingEpr already set and the namespaces match: escalates to Microsoft Support',
    errorId: 'wssecurity-verify-security',
    turns: [
      [ERROR, ['Set-FederationTrust -RefreshMetadata']],
      ['No, still broken', ['WSSecurityAuthentication']],
      [VDIRS_ALL_ON, ['enabled on every virtual directory']],
      ['No, still broken', ['iisreset /noforce']],
      ['No, still broken', ['Restart all on-premises Exchange servers']],
      ['No, still broken', ['Windows Time']],
      ['Yes, there are time-skew warnings or errors', ['w32tm /resync', 'Did this fix it?']],
      ['No, still broken', ['on-premises SMTP domain']],
      ['contoso.com', ['Get-OrganizationRelationship']],
      [ORGREL_EPR_SET, ['TargetSharingEpr is already https://mail.contoso.com/EWS/Exchange.asmx', 'Which Exchange Online (cloud) mailbox is affected?']],
      ['megan.bowen@contoso.com', ['Get-FederatedOrganizationIdentifier | FL AccountNamespace', 'Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity megan.bowen@contoso.com', 'Does TargetApplicationUri equal AccountNamespace?']],
      ['Yes, they match', ['**Escalation**', 'Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];

export const knownFailures: Story[] = [];
