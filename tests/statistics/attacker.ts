/**
 * The attacker of tests/statistics/network.test.ts, the pure part: what a set of
 * published tables proves about each suppressed cell, as a linear programme over
 * every cell (published counts within what their rounding proves, suppressed ones
 * any of 0 and more, and the relations between a cell and its margins).
 */
import { Worker } from 'node:worker_threads';
import type { Constraint as Bound } from 'yalps';
import { DIMENSIONS, MAX_SUPPRESSED, type Measure } from '@enlace/member';

/** A cell of one grouping, as the attacker sees it: a published (rounded) number, or null (suppressed). */
export interface Known {
  grouping: string[];
  values: Array<string | number | null>;
  value: number | null;
}

export const keyOf = (grouping: readonly string[], values: ReadonlyArray<unknown>) => `${grouping.join(',')}|${JSON.stringify(values)}`;

/**
 * What a published count proves, written here from PROTOCOL.md's rule rather than from the member's code:
 * 15 is any of 11 to 17, any other multiple of 5 is within 2 of it; a suppressed count is any of 0 and more.
 */
export const boundsOf = (value: number | null): Bound => (value === null ? { min: 0 } : value === 15 ? { min: 11, max: 17 } : { min: value - 2, max: value + 2 });

/**
 * Every relation the published tables give between cells of one measure: a
 * cell is at most its margin (the cell without one of its dimensions), the
 * margin at most the sum of its cells, and equal to it where each unit has one
 * value of the dimension (DIMENSIONS' `single`). A cell not listed is zero.
 */
function relations(tables: Map<string, Known[]>, measure: Measure): Array<{ terms: Array<[string, number]>; bound: Bound }> {
  const out: Array<{ terms: Array<[string, number]>; bound: Bound }> = [];
  for (const grouping of [...tables.values()].map((cells) => cells[0]?.grouping).filter((g): g is string[] => !!g?.length)) {
    const cells = tables.get(grouping.join(','))!;
    grouping.forEach((dim, j) => {
      const parentGrouping = grouping.filter((_, i) => i !== j);
      const lines = new Map<string, string[]>();
      for (const c of cells) {
        const parent = keyOf(parentGrouping, c.values.filter((_, i) => i !== j));
        (lines.get(parent) ?? lines.set(parent, []).get(parent)!).push(keyOf(grouping, c.values));
      }
      const additive = DIMENSIONS.find((d) => d.name === dim)!.single[measure];
      for (const [parent, children] of lines) {
        for (const child of children) out.push({ terms: [[child, 1], [parent, -1]], bound: { max: 0 } });
        out.push({ terms: [[parent, 1], ...children.map((c) => [c, -1] as [string, number])], bound: additive ? { equal: 0 } : { max: 0 } });
      }
    });
  }
  return out;
}

/** One linear programme: the constraints and variables of a lattice, and the suppressed cells to bound. */
interface Programme {
  constraints: Array<[string, Bound]>;
  variables: Array<[string, Array<[string, number]>]>;
  targets: string[];
}

function programmeOf(tables: Map<string, Known[]>, measure: Measure): Programme {
  const cells = new Map([...tables.values()].flat().map((c) => [keyOf(c.grouping, c.values), c]));
  const constraints: Array<[string, Bound]> = [];
  const coefficients = new Map([...cells.keys()].map((k): [string, Array<[string, number]>] => [k, []]));
  relations(tables, measure).forEach(({ terms, bound }, i) => {
    constraints.push([`r${i}`, bound]);
    for (const [cell, coef] of terms) {
      if (!coefficients.has(cell)) throw new Error(`no published cell ${cell}`);
      coefficients.get(cell)!.push([`r${i}`, coef]);
    }
  });
  for (const [k, c] of cells) {
    constraints.push([`bound:${k}`, boundsOf(c.value)]);
    coefficients.get(k)!.push([`bound:${k}`, 1]);
  }
  return { constraints, variables: [...coefficients], targets: [...cells].filter(([, c]) => c.value === null).map(([k]) => k) };
}

// The solver runs in a worker thread: inside jest's module sandbox its loops run about twenty times slower.
const SOLVER = `
const { parentPort } = require('node:worker_threads');
const { solve } = require(${JSON.stringify(require.resolve('yalps'))});
parentPort.on('message', (programmes) => parentPort.postMessage(programmes.map(({ constraints, variables, targets }) => targets.map((target) => {
  const range = (direction) => {
    const s = solve({ direction, objective: 'target', constraints, variables: variables.map(([k, terms]) => [k, k === target ? [...terms, ['target', 1]] : terms]) });
    if (s.status === 'unbounded') return Infinity;
    if (s.status !== 'optimal') throw new Error("the attacker's programme for " + target + ' is ' + s.status);
    return s.result;
  };
  return [target, { min: range('minimize'), max: range('maximize') }];
}))));
`;

/**
 * The range each suppressed cell of each lattice can take given everything
 * published in it, every published count a variable within what it proves: a
 * linear programme per cell and direction (its relaxation: a range at least as
 * wide as the integer one).
 */
export async function attack(lattices: Array<Map<string, Known[]>>, measure: Measure): Promise<Array<Map<string, { min: number; max: number }>>> {
  const programmes = lattices.map((tables) => programmeOf(tables, measure));
  const worker = new Worker(SOLVER, { eval: true });
  try {
    const answer = await new Promise<Array<Array<[string, { min: number; max: number }]>>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(programmes);
    });
    return answer.map((ranges) => new Map(ranges));
  } finally {
    await worker.terminate();
  }
}

/**
 * "Recovered": the attacker can narrow a suppressed cell to at most two neighbouring values, all under 11.
 * Protected: the range it computes holds a value of 11 or more (the cell might not be small at all) or at least three values.
 */
export const recoveredFrom = ({ min, max }: { min: number; max: number }): boolean => {
  const [low, high] = [Math.ceil(min - 1e-6), Math.floor(max + 1e-6)];
  return high <= MAX_SUPPRESSED && high - low < 2;
};

