/**
 * Checks shared by the organization relationship and the intra-organization connector: where the
 * cloud side sends free/busy requests on-premises, and which side an object lives on.
 */
import type { PsObject, PsValue } from '../parse/types.js';
import { fail, pass, skip, warn } from './expect.js';
import type { CheckContext, Outcome, RuleEnv, Side } from './types.js';
import { EXO_AUTODISCOVER_HOST } from './well-known.js';
import { fieldOf, hostOf, isBlank, isHybridAgentUrl, isOnMicrosoftDomain, items, normDomain, normUrl, sameUrl, text } from './values.js';

const EXO_HOSTS = [EXO_AUTODISCOVER_HOST, 'outlook.office365.com', 'outlook.office.com'];
const pointsAtCloud = (url: string) => EXO_HOSTS.includes(hostOf(url) ?? '');

export const ON_PREM_SHARING_EXPECTED = 'blank (found through Autodiscover), a Hybrid Agent URL, or your on-premises external EWS URL';

/**
 * TargetSharingEpr on the Exchange Online side. Blank and the Hybrid Agent URL are the HCW's
 * values; an EWS URL typed in by hand is valid too (FreeBusyChecker flags it, its own message
 * says otherwise) as long as it is the URL on-premises publishes.
 */
export function checkOnPremSharingEpr(v: PsValue, env: RuleEnv): Outcome {
  const url = text(v);
  if (isBlank(v)) return pass(ON_PREM_SHARING_EXPECTED);
  if (isHybridAgentUrl(url)) return pass(ON_PREM_SHARING_EXPECTED, 'The Hybrid Agent (Modern Hybrid) carries the requests to on-premises.');
  if (pointsAtCloud(url)) return fail(ON_PREM_SHARING_EXPECTED, 'It points at Exchange Online itself, so requests never reach on-premises.');
  if (!/^https:\/\/[^/]+\/ews\/exchange\.asmx\/?$/i.test(url)) return fail(ON_PREM_SHARING_EXPECTED, 'It is not an EWS URL (https://<host>/EWS/Exchange.asmx).');
  const own = env.context.onPremEwsUrl;
  if (own === undefined) return skip(ON_PREM_SHARING_EXPECTED, 'onPremEwsUrl');
  if (sameUrl(url, own)) return pass(ON_PREM_SHARING_EXPECTED, 'It was set by hand, so Autodiscover is bypassed.');
  return warn(`${ON_PREM_SHARING_EXPECTED} (${own})`, 'It was set by hand to a URL other than your external EWS URL; make sure it reaches on-premises EWS from the internet.');
}

/**
 * The on-premises Autodiscover endpoint as the cloud side stores it: with "/WSSecurity" for the
 * organization relationship (DAuth), without for the connector (OAuth).
 */
export function checkOnPremAutodiscover(v: PsValue, env: RuleEnv, form: 'wssecurity' | 'plain'): Outcome {
  const suffix = form === 'wssecurity' ? '/WSSecurity' : '';
  const own = env.context.onPremAutodiscoverUrl;
  const expected = own
    ? `${own.replace(/\/wssecurity\/?$/i, '').replace(/\/+$/, '')}${suffix}`
    : `your on-premises Autodiscover endpoint, e.g. https://autodiscover.${env.context.onPremDomain ?? '<your domain>'}/autodiscover/autodiscover.svc${suffix}`;
  const url = text(v);
  const sharing = text(fieldOf(env.object, 'TargetSharingEpr'));
  if (form === 'wssecurity' && sharing !== '') {
    // With TargetSharingEpr set Exchange Online never asks Autodiscover, so any value does no harm.
    return pass(expected, 'It is not used while TargetSharingEpr is set.');
  }
  if (isBlank(v)) return fail(expected, 'Without it Exchange Online cannot find on-premises EWS.');
  if (isHybridAgentUrl(url)) return pass(expected, 'The Hybrid Agent (Modern Hybrid) publishes on-premises Autodiscover.');
  if (pointsAtCloud(url)) return fail(expected, 'It points at Exchange Online itself instead of on-premises.');
  const shape = /^https:\/\/[^/]+\/autodiscover\/autodiscover\.svc(\/wssecurity)?\/?$/i.exec(url);
  if (!shape) return fail(expected, 'It is not an Autodiscover endpoint (https://<host>/autodiscover/autodiscover.svc).');
  const hasWsSecurity = shape[1] !== undefined;
  if (form === 'wssecurity' && !hasWsSecurity) return fail(expected, 'DAuth needs the WS-Security form, ending in /WSSecurity.');
  if (form === 'plain' && hasWsSecurity) return warn(expected, 'The connector normally holds the plain form without /WSSecurity.');
  if (own !== undefined) {
    const base = (u: string) => normUrl(u).replace(/\/wssecurity$/, '');
    return base(url) === base(own) ? pass(expected) : warn(expected, 'It differs from the Autodiscover endpoint you gave me; make sure it reaches on-premises.');
  }
  const domain = env.context.onPremDomain;
  if (domain === undefined) return skip(expected, 'onPremDomain');
  const host = hostOf(url) ?? '';
  return host === normDomain(domain) || host.endsWith(`.${normDomain(domain)}`)
    ? pass(expected)
    : warn(expected, `Its host ${host} is not in ${normDomain(domain)}; make sure it is your published Autodiscover name.`);
}

/** Whether a list of domains points at the tenant (on-premises objects) or at on-premises (cloud objects). */
export function domainsSide(v: PsValue | undefined, context: CheckContext): Side | undefined {
  const list = items(v).map(normDomain);
  if (list.length === 0) return undefined;
  const tenant = [context.tenantRoutingDomain, context.tenantDomain].filter((d): d is string => d !== undefined).map(normDomain);
  if (list.some((d) => isOnMicrosoftDomain(d) || tenant.includes(d))) return 'ems';
  return 'exo';
}

/** Tallies hints about the side an object lives on; a tie means it cannot be told. */
export function vote(hints: readonly (Side | undefined)[]): Side | undefined {
  const ems = hints.filter((h) => h === 'ems').length;
  const exo = hints.filter((h) => h === 'exo').length;
  return ems > exo ? 'ems' : exo > ems ? 'exo' : undefined;
}

/** Does the object's domain list hold the domain this hybrid deployment needs on that side? */
export function listsHybridDomain(obj: PsObject, field: string, side: Side | undefined, context: CheckContext): boolean {
  const list = items(fieldOf(obj, field)).map(normDomain);
  if (side === 'ems') {
    const tenant = [context.tenantRoutingDomain, context.tenantDomain].filter((d): d is string => d !== undefined).map(normDomain);
    return tenant.length > 0 ? list.some((d) => tenant.includes(d)) : list.some(isOnMicrosoftDomain);
  }
  if (side === 'exo' && context.onPremDomain !== undefined) return list.includes(normDomain(context.onPremDomain));
  if (side === undefined) {
    // Side unknown: an object is still recognisably foreign when it lists none of the domains we know.
    const known = [context.tenantRoutingDomain, context.tenantDomain, context.onPremDomain].filter((d): d is string => d !== undefined).map(normDomain);
    if (known.length > 0 && list.length > 0) return list.some((d) => known.includes(d) || isOnMicrosoftDomain(d));
  }
  return true;
}
