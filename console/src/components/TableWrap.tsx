/** A wide table's scroll box: focusable and named, so keyboard users can scroll it too (axe: scrollable-region-focusable). */
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return <div className="table-wrap" role="group" aria-label={label} tabIndex={0}>{children}</div>;
}
