/**
 * The values Microsoft's side of a hybrid deployment always has (worldwide cloud). They are the
 * same for every tenant, so a deviation in the admin's output is a configuration error.
 */

/** Exchange Online's EWS endpoint, the only valid TargetSharingEpr pointing at the cloud. */
export const EXO_EWS = 'https://outlook.office365.com/EWS/Exchange.asmx';
/** Exchange Online's Autodiscover for federated (DAuth) requests. */
export const EXO_AUTODISCOVER_WSSECURITY = 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity';
/** Exchange Online's Autodiscover for OAuth discovery (intra-organization connector). */
export const EXO_AUTODISCOVER = 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc';
/** Also an Exchange Online Autodiscover endpoint; FreeBusyChecker names it as an example yet rejects it. */
export const EXO_AUTODISCOVER_ALT = 'https://outlook.office365.com/autodiscover/autodiscover.svc';
export const EXO_AUTODISCOVER_HOST = 'autodiscover-s.outlook.com';

/** The application URI the Microsoft Federation Gateway knows Exchange Online by. */
export const EXO_APPLICATION_URI = 'outlook.com';
/** What the EXO organization relationship's TargetApplicationUri holds when the Hybrid Agent publishes on-premises (FreeBusyChecker's value). */
export const HYBRID_AGENT_APPLICATION_URI = 'http://outlook.office.com/';
/** The prefix of an on-premises organization's federated account namespace. */
export const ACCOUNT_NAMESPACE_PREFIX = 'FYDIBOHF25SPDLT.';

export const MFG_TOKEN_ISSUER_URI = 'urn:federation:MicrosoftOnline';
export const MFG_METADATA_EPR = 'https://nexus.microsoftonline-p.com/FederationMetadata/2006-12/FederationMetadata.xml';
export const MFG_TOKEN_ISSUER_EPR = 'https://login.microsoftonline.com/extSTS.srf';

/** Exchange Online's federation trust rows: the current and the retired application. */
export const EXO_TRUST_APP_ID = '260563';
export const EXO_TRUST_APP_ID_OUTDATED = '292841';
export const EXO_TRUST_APP_URI_OUTDATED = 'outlook.live.com';

/** Azure ACS, the classic OAuth token issuer. */
export const ACS_ISSUER = '00000001-0000-0000-c000-000000000000';
export const ACS_HOST = 'accounts.accesscontrol.windows.net';
/** Entra ID (EvoSTS), the token issuer newer Hybrid Configuration Wizards add. */
export const EVOSTS_ISSUER_PREFIX = 'https://sts.windows.net/';

/** The service principal of Exchange Online, and of Exchange in general. */
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export const APP_ACCOUNT = 'Exchange Online-ApplicationAccount';
export const AUTH_CERT_SUBJECT = 'CN=Microsoft Exchange Server Auth Certificate';

/** The roles the HCW assigns to the application account (the first one carries free/busy). */
export const APP_ACCOUNT_ROLES = [
  'UserApplication',
  'ArchiveApplication',
  'LegalHoldApplication',
  'Mailbox Search',
  'TeamMailboxLifecycleApplication',
  'MailboxSearchApplication',
  'MeetingGraphApplication',
] as const;
