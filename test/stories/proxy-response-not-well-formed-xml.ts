import type { Story } from './types.js';

// The entry has no run step (nothing to paste), so no story can branch on pasted output.

const ERROR = 'Proxy web request failed. , inner exception: System.InvalidOperationException: Response is not well-formed XML. ---> System.Xml.XmlException: Data at the root level is invalid. Line 1, position 1. Name of the server where exception originated: DM6PR11MB3321';
const RCA_NOT_XML = "The response received from the service didn't contain valid XML";

export const stories: Story[] = [
  {
    name: 'the request never reaches IIS: the reverse proxy answers it, passing EWS through fixes it',
    errorId: 'proxy-response-not-well-formed-xml',
    turns: [
      [ERROR, ['Proxy web request failed: Response is not well-formed XML', 'testconnectivity.microsoft.com/tests/O365EwsTask/input', 'What does the test report?']],
      [RCA_NOT_XML, ['answers with something other than XML', 'Did the request reach IIS?', 'W3SVC1']],
      ['No, it is not in the IIS logs', ['a device in front of Exchange answered or dropped it', 'Check the reverse proxy and firewall logs']],
      ['Yes', ['Let EWS requests from Exchange Online pass through unchanged', 'no pre-authentication', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Let EWS requests from Exchange Online pass through unchanged']],
    ],
    ends: 'resolved',
  },
  {
    name: 'the request reaches IIS, no EWS errors, Anonymous authentication is off on EWS: enabling it fixes it',
    errorId: 'proxy-response-not-well-formed-xml',
    turns: [
      ['cloud users see no free/busy for on-prem people; the availability trace says Proxy web request failed ... Response is not well-formed XML', ['Proxy web request failed: Response is not well-formed XML']],
      [RCA_NOT_XML, ['Did the request reach IIS?']],
      ['Yes, it is logged with 200 or 401', ['reached IIS on Exchange', 'Check the Application event log']],
      ['Nothing relevant', ['Check the EWS authentication settings in IIS', 'Is Anonymous Authentication enabled on Default Web Site/EWS?']],
      ['No, it is disabled', ['Anonymous authentication is disabled', 'appcmd.exe set config "Default Web Site/EWS" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:"True" /commit:apphost', 'iisreset /noforce']],
      ['Yes, it works now', ['fixed', 'Enable Anonymous authentication on the EWS virtual directory']],
    ],
    ends: 'resolved',
  },
  {
    name: 'EWS logs errors at the time of the lookup: escalated to Exchange on-premises support',
    errorId: 'proxy-response-not-well-formed-xml',
    turns: [
      [ERROR, ['What does the test report?']],
      ['The test passes', ['may depend on where the request comes from or be intermittent', 'Did the request reach IIS?']],
      ['Yes, it is logged with 200 or 401', ['Check the Application event log']],
      ['Yes, EWS errors or crashes', ['EWS on the server logs errors', '**Escalation**', 'Application log errors']],
    ],
    ends: 'escalated',
  },
  {
    name: 'the connectivity test fails with another error: the walk ends',
    errorId: 'proxy-response-not-well-formed-xml',
    turns: [
      [ERROR, ['What does the test report?']],
      ['It fails with a different error', ['The test shows a different error', 'Paste that error']],
    ],
    ends: 'ended',
  },
];
