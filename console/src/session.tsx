/**
 * The signed-in caller, kept for the browser tab only (sessionStorage): the token, who it
 * says the caller is, the purpose and case reference stated for this session, and the language.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Credentials } from './graphql';
import { preferredLang, type Lang } from './lang';
import { readToken, type Who } from './token';

export interface Session {
  token: string | null;
  who: Who | null;
  purpose: string;
  caseRef: string;
  lang: Lang;
}

interface SessionApi extends Session {
  credentials: Credentials;
  /** `who` as the network said (a provider's sign-in), else read from the token's own claims. */
  signIn(token: string, who?: Who): void;
  signOut(): void;
  statePurpose(purpose: string, caseRef: string): void;
  setLang(lang: Lang): void;
}

const KEY = 'enlace:console';

function load(): Session {
  const empty: Session = { token: null, who: null, purpose: '', caseRef: '', lang: preferredLang(navigator.languages) };
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<Session> | null;
    return { ...empty, ...kept, who: kept?.token ? kept.who ?? readToken(kept.token) : null };
  } catch {
    return empty;
  }
}

const Context = createContext<SessionApi | null>(null);

/** `signedIn`: a provider's sign-in just finished (signIn.ts): the session starts with it. */
export function SessionProvider({ children, signedIn }: { children: ReactNode; signedIn?: { token: string; who: Who } }) {
  const [session, setSession] = useState<Session>(() => {
    const kept = load();
    return signedIn ? { ...kept, token: signedIn.token, who: signedIn.who, purpose: '', caseRef: '' } : kept;
  });
  useEffect(() => {
    sessionStorage.setItem(KEY, JSON.stringify({ token: session.token, who: session.who, purpose: session.purpose, caseRef: session.caseRef, lang: session.lang }));
    document.documentElement.lang = session.lang;
  }, [session]);
  const api = useMemo<SessionApi>(() => ({
    ...session,
    credentials: { token: session.token ?? '', purpose: session.purpose || undefined, caseRef: session.caseRef || undefined },
    signIn: (token, who) => setSession((s) => ({ ...s, token, who: who ?? readToken(token), purpose: '', caseRef: '' })),
    signOut: () => setSession((s) => ({ ...s, token: null, who: null, purpose: '', caseRef: '' })),
    statePurpose: (purpose, caseRef) => setSession((s) => ({ ...s, purpose, caseRef })),
    setLang: (lang) => setSession((s) => ({ ...s, lang })),
  }), [session]);
  return <Context.Provider value={api}>{children}</Context.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(Context);
  if (!api) throw new Error('useSession outside SessionProvider');
  return api;
}
