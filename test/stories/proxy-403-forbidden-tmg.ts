import type { Story } from './types.js';

// The entry has no run step (nothing to paste), so no story can branch on pasted output.

const ERROR = 'Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 403: Forbidden ( The server denied the specified Uniform Resource Locator (URL). Contact the server administrator. ). LID: 43532 Name of the server where exception originated: AM4PR05MB3201';

export const stories: Story[] = [
  {
    name: 'TMG pre-authenticates EWS: passing Autodiscover and EWS through fixes it',
    errorId: 'proxy-403-forbidden-tmg',
    turns: [
      [ERROR, ['Proxy web request failed: HTTP status 403: Forbidden', 'testconnectivity.microsoft.com/tests/FreeBusy/input', 'Is the pass-through authentication step green?']],
      ['No, it fails (red)', ['pre-authenticates the request instead of passing it to Exchange', 'Disable pre-authentication for Autodiscover and EWS on TMG/ISA', 'No delegation, but client may authenticate directly']],
      ['Yes, it works now', ['fixed', 'Disable pre-authentication for Autodiscover and EWS on TMG/ISA']],
    ],
    ends: 'resolved',
  },
  {
    name: 'pass-through is green: the publishing rule lacks the /EWS/ path, adding it fixes it',
    errorId: 'proxy-403-forbidden-tmg',
    turns: [
      ['cloud to on-prem free/busy fails with 403 forbidden from our TMG, LID 43532', ['Proxy web request failed: HTTP status 403: Forbidden']],
      ['Yes, it is green', ['the denial comes from the rule itself', 'Find the rule that denies the URL']],
      ['Yes', ['does not allow the URL that Exchange Online requests', 'Allow the EWS and Autodiscover paths in the publishing rule']],
      ['Yes, it works now', ['fixed', 'Allow the EWS and Autodiscover paths']],
    ],
    ends: 'resolved',
  },
  {
    name: 'neither pre-authentication nor the rule explains it: escalated to an engineer',
    errorId: 'proxy-403-forbidden-tmg',
    turns: [
      [ERROR, ['Is the pass-through authentication step green?']],
      ['No, it fails (red)', ['Did this fix it?']],
      ['No, still broken', ['Find the rule that denies the URL']],
      ['No', ['**Escalation**', 'trace the request through the perimeter']],
    ],
    ends: 'escalated',
  },
];
