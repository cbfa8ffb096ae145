/**
 * The cooperation inbox's badge: how many requests addressed to the caller's member state are new
 * (reached it since the caller last opened the inbox) and overdue, kept current by asking the
 * secretariat again as often as it says (cooperationAttention's pollSeconds), at once when the tab
 * comes back into view, and not while it is hidden. "Seen" is kept by the secretariat per caller,
 * so it is the same in every tab and on every device; opening the inbox sets it (markSeen).
 * Only prosecutors and analysts ask: only they may know of requests addressed to their country.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { gql } from './graphql';
import { useSession } from './session';

export interface Attention {
  newCount: number;
  overdueCount: number;
  countCapped: boolean;
  seenAt: string | null;
  pollSeconds: number;
}

const FIELDS = 'newCount overdueCount countCapped seenAt pollSeconds';
const QUERY = `query CooperationAttention { cooperationAttention { ${FIELDS} } }`;
const SEEN = `mutation CooperationInboxSeen { markCooperationInboxSeen { ${FIELDS} } }`;
/** Until the secretariat says otherwise, and bounds on what it may say. */
const DEFAULT_POLL_SECONDS = 30;
const pollMs = (seconds: number | undefined) => Math.min(Math.max(seconds ?? DEFAULT_POLL_SECONDS, 1), 3600) * 1000;

interface AttentionApi {
  attention: Attention | null;
  /** The inbox was opened: nothing in it is new any more. */
  markSeen(): void;
}

const Context = createContext<AttentionApi>({ attention: null, markSeen: () => undefined });

export function AttentionProvider({ children }: { children: ReactNode }) {
  const { credentials, who } = useSession();
  const { token, purpose, caseRef } = credentials;
  const asks = Boolean(token && purpose && caseRef && who?.roles.some((r) => r === 'prosecutor' || r === 'analyst'));
  const [attention, setAttention] = useState<Attention | null>(null);
  const pollSeconds = useRef<number | undefined>(undefined);

  const ask = useCallback(async (operation: string, field: 'cooperationAttention' | 'markCooperationInboxSeen') => {
    try {
      const result = await gql<Record<string, Attention | null>>({ token, purpose, caseRef }, operation);
      const answer = result.data?.[field];
      if (answer) {
        pollSeconds.current = answer.pollSeconds;
        setAttention(answer);
      }
    } catch {
      // The gateway unreachable: the badge keeps its last counts until the next round.
    }
  }, [token, purpose, caseRef]);

  useEffect(() => {
    setAttention(null);
    if (!asks) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const round = async () => {
      clearTimeout(timer);
      if (document.hidden) return; // asked again when the tab is visible
      await ask(QUERY, 'cooperationAttention');
      if (!stopped) timer = setTimeout(round, pollMs(pollSeconds.current));
    };
    const visible = () => {
      if (!document.hidden) void round();
    };
    void round();
    document.addEventListener('visibilitychange', visible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [asks, ask]);

  const markSeen = useCallback(() => {
    if (asks) void ask(SEEN, 'markCooperationInboxSeen');
  }, [asks, ask]);

  return <Context.Provider value={{ attention, markSeen }}>{children}</Context.Provider>;
}

export const useAttention = (): AttentionApi => useContext(Context);
