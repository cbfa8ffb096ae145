/** The network's catalogue of purposes, asked of the secretariat once per sign-in (purposeCatalogue.ts reads purposes against it). */
import { createContext, useContext, type ReactNode } from 'react';
import type { PurposeCatalogue } from './purposeCatalogue';
import { useGql } from './useGql';

export const PURPOSE_CATALOGUE_QUERY = `query PurposeCatalogue { purposeCatalogue {
  purposes { id labels { lang text } } other { id labels { lang text } } otherPrefix minReasonLength acceptsFreeText } }`;

interface CatalogueRead { catalogue: PurposeCatalogue | null; loading: boolean }
const Context = createContext<CatalogueRead>({ catalogue: null, loading: false });

/** Asks for the catalogue once per sign-in, for the header, the picker and the audit log. */
export function PurposeCatalogueProvider({ children }: { children: ReactNode }) {
  const read = useGql<{ purposeCatalogue: PurposeCatalogue | null }>(PURPOSE_CATALOGUE_QUERY);
  return <Context.Provider value={{ catalogue: read.result?.data?.purposeCatalogue ?? null, loading: read.loading }}>{children}</Context.Provider>;
}

/** The catalogue (null while it loads, or when the secretariat could not be asked: the picker then takes text). */
export const usePurposeCatalogue = (): CatalogueRead => useContext(Context);

