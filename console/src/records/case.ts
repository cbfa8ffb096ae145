/** What the case page reads, once: the page, its timeline and its exports show the same answer. */
import type { Place } from '../format';

/** Transfers on a case's timeline; the page says how many more the case holds. */
export const TIMELINE_TRANSFERS = 100;

export const CASE_QUERY = `query Case($id: ID!) { case(id: $id) {
  id country reference offences status openedOn closedOn summary handlingCode handlingConditions sourceReliability informationAccuracy
  involved { category person { id country fullName ageBand } }
  routes { id routeCode origin { country locality } destination { country locality } modusOperandi activeFrom activeTo }
  transfersPage(first: ${TIMELINE_TRANSFERS}) { items { id date amount currency channel } count countCapped } } }`;

export interface CaseRecord {
  id: string;
  country: string;
  reference: string | null;
  offences: string[] | null;
  status: string | null;
  openedOn: string | null;
  closedOn: string | null;
  summary: string | null;
  handlingCode: string | null;
  handlingConditions: string | null;
  sourceReliability: string | null;
  informationAccuracy: number | null;
  involved: { category: string | null; person: { id: string; country: string; fullName: string | null; ageBand: string | null } | null }[] | null;
  routes: { id: string; routeCode: string; origin: Place | null; destination: Place | null; modusOperandi: string | null; activeFrom: string | null; activeTo: string | null }[] | null;
  transfersPage: { items: { id: string; date: string | null; amount: string | null; currency: string | null; channel: string | null }[]; count: number; countCapped: boolean } | null;
}
