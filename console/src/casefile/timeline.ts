/**
 * Timelines, from what the record pages read: a case's (opened, routes active, transfers, closed)
 * and a person's involvements (each case opened and closed, with the person's role), across the
 * same person's records in other countries, each event its owner's. A date the owner withheld is
 * not guessed: the event stays, undated, marked withheld, after the dated ones. What happened is in
 * the user's words: the person's role, a transfer's channel and amount (words/), never a code.
 */
import type { Translate } from '../i18n';
import { pathKey, type Withholding } from '../outcome';
import type { CaseRecord } from '../records/case';
import type { PersonRecord } from '../records/person';
import type { Path, Placed } from '../samePerson';
import type { WordsApi } from '../words/words';

export interface TimelineEvent {
  /** ISO date (YYYY-MM-DD, the owner's; shown as the user's locale writes it), or null when withheld. */
  date: string | null;
  /** Set when the owner withheld the date (or the whole list the event comes from). */
  withheld?: Withholding;
  owner: string;
  /** What happened, in words. */
  what: string;
  /** The case it belongs to, for a link. */
  caseId?: string;
}

type Withheld = ReadonlyMap<string, Withholding>;

/** Dated events first, oldest first (ties keep their order); undated (withheld) ones last. */
export function ordered(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => (a.date && b.date ? a.date.localeCompare(b.date) || i - j : a.date ? -1 : b.date ? 1 : i - j))
    .map(([e]) => e);
}

/** An event at a dated field: its date, its withholding, or nothing when the owner recorded no date. */
function dated(withheld: Withheld, at: Path, date: string | null | undefined, event: Omit<TimelineEvent, 'date'>): TimelineEvent[] {
  const withholding = withheld.get(pathKey(at));
  if (withholding) return [{ ...event, date: null, withheld: withholding }];
  return date ? [{ ...event, date }] : [];
}

export function caseTimeline(c: CaseRecord, withheld: Withheld, t: Translate, w: WordsApi): TimelineEvent[] {
  const at = (...p: (string | number)[]) => ['case', ...p];
  const owner = c.country;
  const events: TimelineEvent[] = [
    ...dated(withheld, at('openedOn'), c.openedOn, { owner, what: t('timelineCaseOpened') }),
    ...dated(withheld, at('closedOn'), c.closedOn, { owner, what: t('timelineCaseClosed') }),
  ];
  const routes = withheld.get(pathKey(at('routes')));
  if (routes) events.push({ date: null, withheld: routes, owner, what: t('routes') });
  (c.routes ?? []).forEach((r, i) => {
    events.push(...dated(withheld, at('routes', i, 'activeFrom'), r.activeFrom, { owner, what: t('timelineRouteFrom', { code: r.routeCode }) }));
    events.push(...dated(withheld, at('routes', i, 'activeTo'), r.activeTo, { owner, what: t('timelineRouteTo', { code: r.routeCode }) }));
  });
  const transfers = withheld.get(pathKey(at('transfersPage')));
  if (transfers) events.push({ date: null, withheld: transfers, owner, what: t('timelineTransfers') });
  (c.transfersPage?.items ?? []).forEach((x, i) => {
    const what = t('timelineTransfer', { amount: w.amount(x.amount, x.currency) || '?', channel: w.enumValue('TransferChannel', x.channel) || '?' });
    events.push(...dated(withheld, at('transfersPage', 'items', i, 'date'), x.date, { owner, what }));
  });
  return ordered(events);
}

/** The involvements of a person's record and of the same person's records in other countries. */
export function personTimeline(records: readonly Placed<PersonRecord>[], withheld: Withheld, t: Translate, w: WordsApi): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const { record, at } of records) {
    const owner = record.country;
    const all = withheld.get(pathKey([...at, 'involvements']));
    if (all) events.push({ date: null, withheld: all, owner, what: t('cases') });
    (record.involvements ?? []).forEach((inv, i) => {
      const c = inv.case;
      if (!c) return;
      const vars = { case: c.reference ?? c.id, role: w.enumValue('PersonCategory', inv.category) || '?' };
      const here = [...at, 'involvements', i, 'case'];
      events.push(...dated(withheld, [...here, 'openedOn'], c.openedOn, { owner, caseId: c.id, what: t('timelineOpened', vars) }));
      events.push(...dated(withheld, [...here, 'closedOn'], c.closedOn, { owner, caseId: c.id, what: t('timelineClosed', vars) }));
    });
  }
  return ordered(events);
}
