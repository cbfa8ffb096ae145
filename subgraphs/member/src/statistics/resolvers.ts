/**
 * Query.statistics: the member's own cells, counted from its whole store and
 * suppressed before they leave (Query.statistics is under `statistics.published`).
 * Each cell also carries its exact counts, readable only under `statistics.own`
 * (StatisticsCell.exact): the owner's own prosecutors and analysts, who also get
 * the rows of the values folded into OTHER for everyone else (cells.ts).
 */
import { badInput, validate as v } from '@enlace/platform';
import { MAX_DIMENSIONS, statisticsCells, type StatisticsCell } from './cells';
import { dimensionNamed, DIMENSIONS, type Dimension, type DimensionValue } from './dimensions';
import { OTHER } from './layout';
import { readFacts } from './repository';
import { roundCount } from './rounding';
import type { QueryResolvers, QueryStatisticsArgs } from '../generated/resolvers';

const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

/** The dimensions to count over (grouped and filtered) and the slice the filter takes, checked. */
export function statisticsRequest(args: Pick<QueryStatisticsArgs, 'groupBy' | 'filter'>): { dims: Dimension[]; slice: Record<string, DimensionValue> } {
  const dims: Dimension[] = [];
  args.groupBy.forEach((name, i) => {
    const d = dimensionNamed(name);
    if (!d) throw badInput(`groupBy[${i}]`, `unknown dimension ${name}`);
    if (dims.includes(d)) throw badInput(`groupBy[${i}]`, `${name} is named twice`);
    dims.push(d);
  });
  const slice: Record<string, DimensionValue> = {};
  for (const [field, raw] of Object.entries(args.filter ?? {})) {
    if (raw === null || raw === undefined) continue;
    const d = DIMENSIONS.find((x) => x.field === field);
    if (!d) throw badInput(`filter.${field}`, 'is not a statistics dimension');
    slice[field] = filterValue(`filter.${field}`, d, raw);
    if (!dims.includes(d)) dims.push(d);
  }
  if (dims.length > MAX_DIMENSIONS) {
    throw badInput('groupBy', `at most ${MAX_DIMENSIONS} dimensions, grouped and filtered together (asked: ${dims.map((d) => d.name).join(', ')})`);
  }
  return { dims, slice };
}

function filterValue(field: string, d: Dimension, raw: string | number): DimensionValue {
  switch (d.name) {
    case 'YEAR':
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < FIRST_YEAR || raw > LAST_YEAR) throw badInput(field, `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}`);
      return raw;
    case 'NATIONALITY':
      return v.country(field, raw);
    case 'ROUTE':
      return v.routeCode(field, raw);
    default:
      return String(raw); // an enum value: GraphQL has checked it
  }
}

/** A cell as Query.statistics gives it (the parent of StatisticsCell's fields): its dimensions' values by field name. */
export type StatisticsCellValue = ReturnType<typeof toCell>;

/** A cell as the schema's StatisticsCell: a suppressed measure is null and named in `suppressed`, the others rounded (rounding.ts). */
function toCell(country: string, cell: StatisticsCell) {
  const published = (m: 'cases' | 'victims' | 'suspects') => (cell.suppressed.includes(m) ? null : roundCount(cell.exact[m]));
  return {
    country,
    ...Object.fromEntries(DIMENSIONS.map((d) => [d.field, cell.values[d.field] === OTHER ? null : (cell.values[d.field] ?? null)])),
    other: DIMENSIONS.filter((d) => cell.values[d.field] === OTHER).map((d) => d.name),
    cases: published('cases'),
    victims: published('victims'),
    suspects: published('suspects'),
    suppressed: cell.suppressed.map((m) => m.toUpperCase()),
    exact: cell.exact,
  };
}

export const statisticsQueries = {
  statistics: async (_, args, ctx) => {
    if (args.countries && !v.countries('countries', args.countries).includes(ctx.country)) return [];
    const { dims, slice } = statisticsRequest(args);
    // The owner's rows are for those who may read exact counts: the same rule as StatisticsCell.exact.
    const exactRule = ctx.authz?.protocol.fieldRules.get('StatisticsCell.exact');
    const detail = !!exactRule && !!ctx.authz?.allows(exactRule, null);
    return statisticsCells(await readFacts(ctx.store), dims, slice, { detail }).map((c) => toCell(ctx.country, c));
  },
} satisfies QueryResolvers;
