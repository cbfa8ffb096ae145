/**
 * What the force-directed layout (fcose) does not promise, made sure of after it: no two records'
 * boxes (the shape with its label) overlap, and no link is drawn through a record it does not join
 * (its shape or its label), so a straight "same person" line never seems to pass through a withheld
 * witness. Records are moved apart by the least that clears them, a few rounds at most; pure, so it
 * is tested alone.
 */
export interface Point {
  x: number;
  y: number;
}

/** A record in the picture: its position and its box around it (shape and label), relative to the position. */
export interface Box extends Point {
  id: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Line {
  source: string;
  target: string;
}

export interface Untangled {
  positions: Map<string, Point>;
  /** Whether every overlap and crossing was cleared within the rounds allowed. */
  clear: boolean;
}

const MAX_ROUNDS = 80;

/** The overlap of two boxes at their positions (0, 0 when apart by `margin` or more). */
function overlap(a: Box, b: Box, margin: number): { x: number; y: number } {
  const x = Math.min(a.x + a.right, b.x + b.right) - Math.max(a.x + a.left, b.x + b.left) + margin;
  const y = Math.min(a.y + a.bottom, b.y + b.bottom) - Math.max(a.y + a.top, b.y + b.top) + margin;
  return x > 0 && y > 0 ? { x, y } : { x: 0, y: 0 };
}

/** Whether segment a–b passes through the box (grown by `margin`), by Liang–Barsky clipping. */
function crosses(a: Point, b: Point, box: Box, margin: number): boolean {
  const [x1, x2, y1, y2] = [box.x + box.left - margin, box.x + box.right + margin, box.y + box.top - margin, box.y + box.bottom + margin];
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [[-dx, a.x - x1], [dx, x2 - a.x], [-dy, a.y - y1], [dy, y2 - a.y]]) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

/** How far, and which way, the box must move square to line a–b to clear it by `margin`. */
function clearance(a: Point, b: Point, box: Box, margin: number): Point {
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const n = { x: -(b.y - a.y) / length, y: (b.x - a.x) / length };
  const centre = { x: box.x + (box.left + box.right) / 2, y: box.y + (box.top + box.bottom) / 2 };
  const side = (centre.x - a.x) * n.x + (centre.y - a.y) * n.y;
  const half = (Math.abs(n.x) * (box.right - box.left) + Math.abs(n.y) * (box.bottom - box.top)) / 2;
  const move = half + margin - Math.abs(side) + 1;
  // On the line itself: to the side the normal points to.
  const sign = side < 0 ? -1 : 1;
  return { x: sign * move * n.x, y: sign * move * n.y };
}

/** Boxes that overlap, and records a line runs through, at these positions (none when the picture reads). */
export function tangles(boxes: readonly Box[], lines: readonly Line[], margin = 0): { overlaps: [string, string][]; crossings: [string, Line][] } {
  const overlaps: [string, string][] = [];
  const crossings: [string, Line][] = [];
  const byId = new Map(boxes.map((b) => [b.id, b]));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j], margin).x > 0) overlaps.push([boxes[i].id, boxes[j].id]);
  }
  for (const line of lines) {
    const a = byId.get(line.source);
    const b = byId.get(line.target);
    if (!a || !b) continue;
    for (const c of boxes) if (c.id !== line.source && c.id !== line.target && crosses(a, b, c, margin)) crossings.push([c.id, line]);
  }
  return { overlaps, crossings };
}

export function untangle(start: readonly Box[], lines: readonly Line[], margin = 8): Untangled {
  const boxes = start.map((b) => ({ ...b }));
  const byId = new Map(boxes.map((b) => [b.id, b]));
  let clear = false;
  for (let round = 0; round < MAX_ROUNDS && !clear; round++) {
    clear = true;
    // Overlapping boxes: each moves half the way out, along the axis that needs the shorter move.
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const o = overlap(a, b, margin);
        if (o.x <= 0) continue;
        clear = false;
        // Same place: push along x, the earlier record to the left (deterministic).
        const alongX = o.x <= o.y;
        const sign = alongX ? Math.sign(b.x - a.x) || 1 : Math.sign(b.y - a.y) || 1;
        const half = (alongX ? o.x : o.y) / 2;
        if (alongX) {
          a.x -= sign * half;
          b.x += sign * half;
        } else {
          a.y -= sign * half;
          b.y += sign * half;
        }
      }
    }
    // A line through a record it does not join: the record steps off it, square to the line.
    for (const line of lines) {
      const a = byId.get(line.source);
      const b = byId.get(line.target);
      if (!a || !b) continue;
      for (const c of boxes) {
        if (c.id === line.source || c.id === line.target || !crosses(a, b, c, margin / 2)) continue;
        clear = false;
        const step = clearance(a, b, c, margin);
        c.x += step.x;
        c.y += step.y;
      }
    }
  }
  return { positions: new Map(boxes.map((b) => [b.id, { x: b.x, y: b.y }])), clear };
}
