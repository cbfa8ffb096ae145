/** Plain records as the member's repository reads and writes them (lists decoded). */
export interface PersonRecord {
  id: string;
  seq: number;
  country: string;
  givenNames: string;
  familyNames: string;
  aliases: string[];
  sex: string | null;
  dateOfBirth: string | null;
  nationalities: string[];
}

export interface DocumentRecord {
  id: string;
  personId: string;
  type: string;
  number: string;
  issuingCountry: string;
}

export interface CaseRecord {
  id: string;
  seq: number;
  country: string;
  reference: string;
  offences: string[];
  status: string;
  openedOn: string;
  closedOn: string | null;
  summary: string;
  handlingCode: string;
  handlingConditions: string | null;
  sourceReliability: string;
  informationAccuracy: number;
}

export interface InvolvementRecord {
  personId: string;
  caseId: string;
  category: string;
}

export interface PlaceRecord {
  country: string;
  locality: string | null;
}

export interface LegRecord {
  from: PlaceRecord;
  to: PlaceRecord;
  mode: string;
}

export interface RouteObservationRecord {
  id: string;
  seq: number;
  country: string;
  routeCode: string;
  legs: LegRecord[];
  modusOperandi: string | null;
  activeFrom: string | null;
  activeTo: string | null;
}

export interface CaseRouteRecord {
  caseId: string;
  observationId: string;
}
