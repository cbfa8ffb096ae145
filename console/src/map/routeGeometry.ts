/**
 * What a route map draws, from the members' observations of one route (pure): each place once,
 * with its role (an origin or destination in any observation outranks a transit stop), each leg
 * once per from–to–mode with the members that observed it, and the places the catalogue has no
 * coordinates for (a place a member entered itself), which the map names instead of guessing.
 */
import type { Place } from '../format';
import { coordinatesOf } from './places';

export type PlaceRole = 'origin' | 'transit' | 'destination';

export interface MapPlace {
  key: string;
  country: string;
  locality: string;
  /** [longitude, latitude], as GeoJSON and d3-geo have it. */
  at: [number, number];
  role: PlaceRole;
}

export interface MapLeg {
  from: MapPlace;
  to: MapPlace;
  mode: string;
  /** The members that observed this leg. */
  observedBy: string[];
}

export interface RouteObservationShape {
  country: string;
  origin: Place | null;
  transit: Place[] | null;
  destination: Place | null;
  legs: { from: Place | null; to: Place | null; mode: string | null }[] | null;
}

const RANK: Record<PlaceRole, number> = { transit: 0, destination: 1, origin: 2 };
const keyOf = (p: Place): string => `${p.country ?? ''} ${p.locality ?? ''}`;

export function routeGeometry(observations: readonly RouteObservationShape[]): { places: MapPlace[]; legs: MapLeg[]; unplaced: string[] } {
  const places = new Map<string, MapPlace>();
  const unplaced = new Set<string>();

  const placed = (p: Place | null | undefined, role: PlaceRole): MapPlace | undefined => {
    if (!p?.country) return undefined;
    const where = coordinatesOf(p);
    const key = keyOf(p);
    if (!where) {
      unplaced.add([p.locality, p.country].filter(Boolean).join(', '));
      return undefined;
    }
    const known = places.get(key);
    if (known) {
      if (RANK[role] > RANK[known.role]) known.role = role;
      return known;
    }
    const made: MapPlace = { key, country: p.country, locality: p.locality ?? '', at: [where[1], where[0]], role };
    places.set(key, made);
    return made;
  };

  const legs = new Map<string, MapLeg>();
  for (const o of observations) {
    placed(o.origin, 'origin');
    placed(o.destination, 'destination');
    for (const t of o.transit ?? []) placed(t, 'transit');
    for (const leg of o.legs ?? []) {
      const from = placed(leg.from, 'transit');
      const to = placed(leg.to, 'transit');
      if (!from || !to) continue;
      const mode = leg.mode ?? '';
      const key = `${from.key}>${to.key}>${mode}`;
      const known = legs.get(key);
      if (known) {
        if (!known.observedBy.includes(o.country)) known.observedBy.push(o.country);
      } else {
        legs.set(key, { from, to, mode, observedBy: [o.country] });
      }
    }
  }
  return { places: [...places.values()], legs: [...legs.values()], unplaced: [...unplaced] };
}

/**
 * The area to show: the places' bounding box, at least 24° wide and 16° tall (a border crossing
 * alone would otherwise fill the map with a few streets' worth of coastline), as a GeoJSON
 * MultiPoint of its corners for d3-geo's fitExtent.
 */
export function viewArea(places: readonly MapPlace[]): { type: 'MultiPoint'; coordinates: [number, number][] } {
  const lons = places.map((p) => p.at[0]);
  const lats = places.map((p) => p.at[1]);
  const span = (lo: number, hi: number, min: number): [number, number] => {
    const grow = Math.max(0, min - (hi - lo)) / 2;
    return [lo - grow, hi + grow];
  };
  const [west, east] = places.length ? span(Math.min(...lons), Math.max(...lons), 24) : [-120, -30];
  const [south, north] = places.length ? span(Math.min(...lats), Math.max(...lats), 16) : [-56, 33];
  return { type: 'MultiPoint', coordinates: [[west, south], [east, north], [west, north], [east, south]] };
}
