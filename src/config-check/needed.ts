/**
 * How the checks name the context values they need, in results the admin reads.
 */
import type { Needed } from './types.js';

/** A short name for `expected` texts. */
export const NEEDED_LABEL: Record<Needed, string> = {
  side: 'side (Exchange Online or on-premises)',
  onPremDomain: 'on-premises SMTP domain',
  tenantRoutingDomain: 'coexistence domain (<tenant>.mail.onmicrosoft.com)',
  tenantDomain: 'initial domain (<tenant>.onmicrosoft.com)',
  tenantId: 'tenant ID',
  onPremEwsUrl: 'external EWS URL',
  onPremAutodiscoverUrl: 'on-premises Autodiscover endpoint',
};

/** The sentence a skipped result ends with. */
export const NEEDED_SENTENCE: Record<Needed, string> = {
  side: 'to know whether this output came from Exchange Online or from the on-premises Exchange Management Shell',
  onPremDomain: 'your on-premises SMTP domain',
  tenantRoutingDomain: "your tenant's coexistence domain (<tenant>.mail.onmicrosoft.com)",
  tenantDomain: "your tenant's initial domain (<tenant>.onmicrosoft.com)",
  tenantId: 'your Microsoft 365 tenant ID',
  onPremEwsUrl: 'the external EWS URL of your on-premises Exchange',
  onPremAutodiscoverUrl: 'your on-premises Autodiscover endpoint',
};
