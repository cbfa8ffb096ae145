/** A page's h1, focused when the page opens so keyboard and screen-reader users start there. */
import { useEffect, useRef, type ReactNode } from 'react';

export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    document.title = `${ref.current?.textContent ?? ''} · Enlace`;
  }, [children]);
  return <h1 ref={ref} tabIndex={-1}>{children}</h1>;
}
