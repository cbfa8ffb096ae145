/** The member directory (memberStates, from the secretariat), read once per sign-in: names, contact points, the strip's members. */
import { createContext, useContext, type ReactNode } from 'react';
import { useGql } from '../useGql';

export interface Member {
  country: string;
  name: string;
  contactPoint: string;
}

const MembersContext = createContext<Member[]>([]);

export function MembersProvider({ children }: { children: ReactNode }) {
  const read = useGql<{ memberStates: Member[] | null }>('query Members { memberStates { country name contactPoint } }');
  return <MembersContext.Provider value={read.result?.data?.memberStates ?? []}>{children}</MembersContext.Provider>;
}

export const useMembers = (): Member[] => useContext(MembersContext);
