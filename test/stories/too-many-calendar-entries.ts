import type { Story } from './types.js';

// The entry has no run step (nothing to paste), so no story can branch on pasted output.

export const stories: Story[] = [
  {
    name: 'one busy room calendar: thinning out the window below 1,000 entries fixes it',
    errorId: 'too-many-calendar-entries',
    turns: [
      ['Microsoft.Exchange.InfoWorker.Common.Availability.ResultSetTooBigException: The result set contains too many calendar entries. The allowed size = 1000; the actual size = 2316.', ['The result set contains too many calendar entries', 'Does the error appear for one particular calendar']],
      ['One or a few target calendars', ['Find where the entries pile up', 'Can the owner remove or move enough items']],
      ['Yes', ['Bring the time window under 1,000 entries', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Bring the time window under 1,000 entries']],
    ],
    ends: 'resolved',
  },
  {
    name: 'the items are needed: escalated with the actual size',
    errorId: 'too-many-calendar-entries',
    turns: [
      ['Exception: The result set contains too many calendar entries. The allowed size = 1000; the actual size = 1287. LID: 54796', ['The result set contains too many calendar entries']],
      ['One or a few target calendars', ['Can the owner remove or move enough items']],
      ['No, the items are needed', ['The items cannot be reduced', '**Escalation**', 'the actual size from the error']],
    ],
    ends: 'escalated',
  },
  {
    name: 'every calendar shows it, even nearly empty ones: escalated',
    errorId: 'too-many-calendar-entries',
    turns: [
      ['Exception: The result set contains too many calendar entries. The allowed size = 1000; the actual size = 5009.', ['The result set contains too many calendar entries']],
      ['Every calendar, even ones with little in them', ['the item count of one calendar is not the explanation', '**Escalation**']],
    ],
    ends: 'escalated',
  },
];
