/**
 * The rules a route observation must meet before it is written: one place for
 * `recordRouteObservation` (legs, as its input gives them) and for imports (an
 * origin, transit places and a destination, every leg in the observation's
 * transport mode, as an export's columns give them). Every problem is a
 * BAD_USER_INPUT error naming the field (under `at`).
 */
import { badInput, validate as v } from '@enlace/platform';
import { ENUMS, enumValue } from './inputs';
import { modusOperandiFields } from './modusOperandi';
import type { LegRecord, PlaceRecord, RouteObservationRecord } from './records';

type Input = Record<string, unknown>;
const isObject = (value: unknown): value is Input => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An observation's own fields, as a mutation or an import gives them (the record without its key and owner). */
export type RouteObservationFields = Omit<RouteObservationRecord, 'id' | 'seq' | 'country'>;

export function placeFields(input: unknown, at: string): PlaceRecord {
  if (!isObject(input)) throw badInput(`${at}.country`, 'is required');
  return { country: v.country(`${at}.country`, input.country), locality: v.text(`${at}.locality`, input.locality, { required: false }) };
}

/** What an observation says besides its legs: the route code, the free and coded modus operandi, the period of activity. */
function observationFields(input: Input, at: string): Omit<RouteObservationFields, 'legs'> {
  const fields = {
    routeCode: v.routeCode(`${at}.routeCode`, input.routeCode),
    modusOperandi: v.text(`${at}.modusOperandi`, input.modusOperandi, { max: 4000, required: false }),
    ...modusOperandiFields(input, at),
    activeFrom: v.isoDate(`${at}.activeFrom`, input.activeFrom),
    activeTo: v.isoDate(`${at}.activeTo`, input.activeTo),
  };
  v.dateOrder(`${at}.activeTo`, fields.activeFrom, fields.activeTo);
  return fields;
}

/** A RouteObservationInput: its legs, each with its own mode, and the rest. */
export function routeObservationFields(input: Input, at = 'input'): RouteObservationFields {
  const legs: LegRecord[] = v.nonEmpty(`${at}.legs`, input.legs as unknown[]).map((l, i) => {
    const leg = isObject(l) ? l : {};
    return {
      from: placeFields(leg.from, `${at}.legs[${i}].from`),
      to: placeFields(leg.to, `${at}.legs[${i}].to`),
      mode: enumValue(`${at}.legs[${i}].mode`, leg.mode, ENUMS.TransportMode) as string,
    };
  });
  return { ...observationFields(input, at), legs };
}

/**
 * A route as an export gives it: `origin`, `transit` (a list of places, maybe empty) and
 * `destination`, with the coded `transport` mode required (it is every leg's mode). The legs
 * go from the origin through each transit place to the destination.
 */
export function routeThroughFields(input: Input, at = 'route'): RouteObservationFields {
  const origin = placeFields(input.origin, `${at}.origin`);
  if (input.transit !== undefined && input.transit !== null && !Array.isArray(input.transit)) throw badInput(`${at}.transit`, 'must be a list of places');
  const transit = ((input.transit as unknown[] | null | undefined) ?? []).map((p, i) => placeFields(p, `${at}.transit[${i}]`));
  const destination = placeFields(input.destination, `${at}.destination`);
  const fields = observationFields(input, at);
  // The legs need a mode, which an export gives once per route: its main transport mode.
  const mode = enumValue(`${at}.transport`, input.transport, ENUMS.TransportMode) as string;
  const places = [origin, ...transit, destination];
  return { ...fields, legs: places.slice(1).map((to, i) => ({ from: places[i], to, mode })) };
}
