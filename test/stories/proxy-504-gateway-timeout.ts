import type { Story } from './types.js';

const ERROR = 'Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 504: Gateway Timeout. LID: 43532';
const AGENT_URL = 'https://5e1f3a7c-2b4d-4e6f-8a0c-1d3e5f7a9b2c.resource.mailboxmigration.his.msappproxy.net/EWS/Exchange.asmx';

const IOC_HYBRID_AGENT = `PS C:\\> Get-IntraOrganizationConnector | FL Identity,Enabled,TargetSharingEpr,DiscoveryEndpoint


Identity          : HybridIOC - 0c2e4a6b-8d1f-4b3a-9c5e-7f1a3b5d7e9f
Enabled           : True
TargetSharingEpr  : ${AGENT_URL}
DiscoveryEndpoint : https://5e1f3a7c-2b4d-4e6f-8a0c-1d3e5f7a9b2c.resource.mailboxmigration.his.msappproxy.net/autodiscover/autodiscover.svc

`;

const IOC_HAND_SET = `PS C:\\> Get-IntraOrganizationConnector | FL Identity,Enabled,TargetSharingEpr,DiscoveryEndpoint


Identity          : HybridIOC - 0c2e4a6b-8d1f-4b3a-9c5e-7f1a3b5d7e9f
Enabled           : True
TargetSharingEpr  : https://hybrid.litware.com/EWS/Exchange.asmx
DiscoveryEndpoint : https://autodiscover.litware.com/autodiscover/autodiscover.svc

`;

const IOC_BLANK = `PS C:\\> Get-IntraOrganizationConnector | FL Identity,Enabled,TargetSharingEpr,DiscoveryEndpoint


Identity          : HybridIOC - 0c2e4a6b-8d1f-4b3a-9c5e-7f1a3b5d7e9f
Enabled           : True
TargetSharingEpr  :
DiscoveryEndpoint : https://autodiscover.litware.com/autodiscover/autodiscover.svc

`;

const ORGREL_BLANK = `PS C:\\> Get-OrganizationRelationship | FL Identity,Enabled,TargetSharingEpr,TargetAutodiscoverEpr


Identity              : O365 to On-premises - 0c2e4a6b-8d1f-4b3a-9c5e-7f1a3b5d7e9f
Enabled               : True
TargetSharingEpr      :
TargetAutodiscoverEpr : https://autodiscover.litware.com/autodiscover/autodiscover.svc/WSSecurity

`;

export const stories: Story[] = [
  {
    name: 'the Hybrid Agent URL is right, but the Microsoft Hybrid Service is stopped: starting it fixes it',
    errorId: 'proxy-504-gateway-timeout',
    turns: [
      [ERROR, ['Proxy web request failed with HTTP status 504: Gateway timeout', 'Get-IntraOrganizationConnector | FL Identity,Enabled,TargetSharingEpr,DiscoveryEndpoint', 'Exchange Online PowerShell']],
      [IOC_HYBRID_AGENT, [`TargetSharingEpr is ${AGENT_URL}, the expected Hybrid Agent URL`, 'Check the Microsoft Hybrid Service', 'Get-Service -Name mshybridsvc']],
      ['No, it is stopped', ['nothing relays the requests', 'Start-Service -Name mshybridsvc']],
      ['Yes, it works now', ['fixed', 'Start the Microsoft Hybrid Service']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'TargetSharingEpr was set by hand: the wizard run Classic then Modern resets it',
    errorId: 'proxy-504-gateway-timeout',
    turns: [
      ['504 gateway timeout on free/busy from cloud to on-prem since we installed the hybrid agent', ['Proxy web request failed with HTTP status 504', 'Get-IntraOrganizationConnector']],
      [IOC_HAND_SET, ['TargetSharingEpr is https://hybrid.litware.com/EWS/Exchange.asmx, which is not the Hybrid Agent URL', 'Let the wizard reset TargetSharingEpr', 'Use Exchange Modern Hybrid Topology']],
      ['Yes, it works now', ['fixed', 'Let the wizard reset TargetSharingEpr']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the agent is running and Active, but its internal URL shows a certificate error: fixing the certificate fixes it',
    errorId: 'proxy-504-gateway-timeout',
    turns: [
      [ERROR, ['Get-IntraOrganizationConnector']],
      [IOC_HYBRID_AGENT, ['the expected Hybrid Agent URL', 'Is the Microsoft Hybrid Service running?']],
      ['Yes, it is running', ['Check the status of the Hybrid Agent', 'Get-HybridAgent -Credential (Get-Credential)']],
      ['Active', ['Find and browse the internal URL the Hybrid Agent relays to', 'Get-HybridApplication -AppId <GUID from TargetSharingEpr> -Credential (Get-Credential)']],
      ['Yes, there is an error', ['The internal URL the Hybrid Agent relays to fails', 'Fix the errors on the internal URL']],
      ['Yes, it works now', ['fixed', 'Fix the errors on the internal URL']],
    ],
    ends: 'resolved',
  },
  {
    name: 'TargetSharingEpr is blank on both objects and no Hybrid Agent is in use: escalated to an engineer',
    errorId: 'proxy-504-gateway-timeout',
    turns: [
      ['HTTP status 504: Gateway Timeout LID 43532 when Office 365 users open an on-premises calendar', ['Get-IntraOrganizationConnector']],
      [IOC_BLANK, ['The connector has no TargetSharingEpr', 'Get-OrganizationRelationship | FL Identity,Enabled,TargetSharingEpr,TargetAutodiscoverEpr']],
      [ORGREL_BLANK, ['TargetSharingEpr is blank on both the connector and the relationship', 'Do you use the Hybrid Agent (Modern Hybrid Topology)?']],
      ['No, Classic hybrid', ['No Hybrid Agent is in use', '**Escalation**', 'reverse proxy or load balancer']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];
