/**
 * One person across countries (grouping records over the confirmed links the caller may know of, never
 * over a record withheld from it) and the network picture's untangling (no overlapping labels, no link
 * through a record it does not join).
 */
import { groupByLinks, linkedClosure, type Linkable } from '../../../console/src/samePerson';
import { tangles, untangle, type Box } from '../../../console/src/network/untangle';

const rec = (id: string, links: (string | null)[] = []): Linkable => ({ id, country: id.slice(0, 2), linkedRecords: links.map((l) => (l ? { id: l, country: l.slice(0, 2) } : null)) });

describe('one person across countries', () => {
  test('results joined by a confirmed link (named by either side) are one group, in the order of their first result', () => {
    const results = [rec('AR:P:1', ['CO:P:1']), rec('AR:P:7'), rec('PE:P:1', ['CO:P:1']), rec('CO:P:1', ['AR:P:1', 'PE:P:1']), rec('CO:P:5')];
    const groups = groupByLinks(results, (i) => ['persons', i]);
    expect(groups.map((g) => g.results.map((p) => p.record.id))).toEqual([['AR:P:1', 'PE:P:1', 'CO:P:1'], ['AR:P:7'], ['CO:P:5']]);
    expect(groups[0].results.map((p) => p.at)).toEqual([['persons', 0], ['persons', 2], ['persons', 3]]);
    expect(groups.every((g) => g.elsewhere.length === 0)).toBe(true);
  });

  test('a linked record outside the results is named once, at its path; a withheld one (null) tells nothing and joins nothing', () => {
    const groups = groupByLinks([rec('AR:P:1', [null, 'PE:P:1']), rec('CO:P:2', [null]), rec('PE:P:9', ['PE:P:1'])], (i) => ['persons', i]);
    expect(groups.map((g) => g.results.map((p) => p.record.id))).toEqual([['AR:P:1'], ['CO:P:2'], ['PE:P:9']]);
    expect(groups[0].elsewhere.map((p) => [p.record.id, p.at])).toEqual([['PE:P:1', ['persons', 0, 'linkedRecords', 1]]]);
    expect(groups[1].elsewhere).toEqual([]);
  });

  test("a person's page reaches the records two links away, each once, nearest first, at its own path", () => {
    const co = { ...rec('CO:P:1', ['AR:P:1', 'PE:P:1']), linkedRecords: [rec('AR:P:1', ['CO:P:1']), rec('PE:P:1', ['CO:P:1'])] };
    const ar = { ...rec('AR:P:1'), linkedRecords: [co, null] };
    expect(linkedClosure(ar, ['person']).map((p) => [p.record.id, p.at])).toEqual([
      ['AR:P:1', ['person']],
      ['CO:P:1', ['person', 'linkedRecords', 0]],
      ['PE:P:1', ['person', 'linkedRecords', 0, 'linkedRecords', 1]],
    ]);
  });
});

describe('the network picture untangled', () => {
  const box = (id: string, x: number, y: number): Box => ({ id, x, y, left: -40, right: 40, top: -13, bottom: 30 });

  test('records all on one line with overlapping labels and a link through a withheld witness come apart', () => {
    // What the finding showed: one line, labels on top of each other, the same-person link through the witness.
    const boxes = [box('AR:C:1', 0, 0), box('AR:P:1', 30, 0), box('withheld:case.involved.3.person', 60, 0), box('CO:P:1', 90, 0), box('AR:P:6', 90, 0)];
    const lines = [
      { source: 'AR:C:1', target: 'AR:P:1' }, { source: 'AR:C:1', target: 'withheld:case.involved.3.person' }, { source: 'AR:C:1', target: 'AR:P:6' },
      { source: 'AR:P:1', target: 'CO:P:1' },
    ];
    const before = tangles(boxes, lines);
    expect(before.overlaps.length).toBeGreaterThan(0);
    expect(before.crossings.map(([id]) => id)).toContain('withheld:case.involved.3.person');
    const { positions, clear } = untangle(boxes, lines);
    expect(clear).toBe(true);
    const after = boxes.map((b) => ({ ...b, ...positions.get(b.id)! }));
    expect(tangles(after, lines, 3)).toEqual({ overlaps: [], crossings: [] });
  });

  test("a link through a record's label (not its shape) moves the record off it too", () => {
    // c's shape is above the line a–b, its label (down to y = 45) across it.
    const tall = [box('a', 0, 40), box('b', 300, 40), { ...box('c', 150, 0), bottom: 45 }];
    const lines = [{ source: 'a', target: 'b' }];
    expect(tangles(tall, lines).crossings).toEqual([['c', lines[0]]]);
    const { positions, clear } = untangle(tall, lines);
    expect(clear).toBe(true);
    expect(tangles(tall.map((b) => ({ ...b, ...positions.get(b.id)! })), lines, 3).crossings).toEqual([]);
    // Only c moved.
    expect([positions.get('a'), positions.get('b')]).toEqual([{ x: 0, y: 40 }, { x: 300, y: 40 }]);
  });

  test('a picture that reads is left as it is', () => {
    const boxes = [box('a', 0, 0), box('b', 200, 0), box('c', 0, 200)];
    const { positions, clear } = untangle(boxes, [{ source: 'a', target: 'b' }, { source: 'a', target: 'c' }]);
    expect(clear).toBe(true);
    expect([...positions.values()]).toEqual([{ x: 0, y: 0 }, { x: 200, y: 0 }, { x: 0, y: 200 }]);
  });
});
