/**
 * Get-MailboxFolderPermission on a calendar: cross-premises requesters are judged by the Default
 * entry, so None there hides the mailbox's free/busy whatever the hybrid configuration says
 * (seed error no-free-busy-access). Not a FreeBusyChecker check.
 */
import { fail, pass, warn } from '../expect.js';
import type { CmdletSpec } from '../types.js';
import type { PsObject } from '../../parse/types.js';
import { fieldOf, items, lower, sameText, text } from '../values.js';

const isDefault = (o: PsObject) => sameText(text(fieldOf(o, 'User')), 'Default');

/** Rights that still show at least busy times. */
const SHOWS_FREEBUSY = ['availabilityonly', 'limiteddetails', 'reviewer', 'author', 'nonediting author', 'publishingauthor', 'publishing author', 'editor', 'publishingeditor', 'publishing editor', 'owner', 'contributor', 'noneditingauthor'];

export const mailboxFolderPermission: CmdletSpec = {
  cmdlet: 'Get-MailboxFolderPermission',
  sides: ['ems', 'exo'],
  signatures: [{ all: ['User', 'AccessRights'] }, { all: ['FolderName', 'AccessRights'] }],
  relevant: (o) => fieldOf(o, 'User') === undefined || isDefault(o),
  strictRelevance: true,
  label: (o) => text(fieldOf(o, 'Identity')) || text(fieldOf(o, 'FolderName')) || undefined,
  rules: [
    {
      id: 'calendarperm.default-access', field: 'AccessRights', auth: 'both',
      check: (v) => {
        const expected = 'AvailabilityOnly or LimitedDetails (anything but None)';
        const rights = items(v).flatMap((s) => s.split(/\s*,\s*/)).map(lower);
        if (rights.length === 0 || rights.includes('none')) return fail(expected);
        // Custom rights such as FreeBusyTimeOnly also show busy times; unknown rights only warn.
        if (rights.some((r) => SHOWS_FREEBUSY.includes(r) || r.startsWith('freebusy') || r.startsWith('read'))) return pass(expected);
        return warn(expected);
      },
      why: 'Requests from the other side of the hybrid are answered with the rights of the Default entry; None there makes the calendar show no free/busy to them.',
      fix: 'Set-MailboxFolderPermission -Identity "{{targetMailbox}}:\\Calendar" -User Default -AccessRights AvailabilityOnly',
    },
  ],
  collectionRules: [
    {
      id: 'calendarperm.default-present', field: 'User', auth: 'both',
      check: (env) => {
        if (env.all.length === 0 || env.objects.length > 0) return undefined;
        return { ...warn('a Default entry'), actual: '(no Default entry listed)' };
      },
      why: 'Every calendar has a Default entry; without it in the output the rights cross-premises requesters get cannot be judged.',
      fix: 'Get-MailboxFolderPermission -Identity "{{targetMailbox}}:\\Calendar" -User Default',
    },
  ],
};
