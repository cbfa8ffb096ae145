/**
 * Sign-in: in development, pick an identity of the development issuer (POST /dev/token, the
 * explorer's picker); otherwise, or as well, paste a token from the network's identity provider.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { PageTitle } from '../components/PageTitle';
import { useT } from '../i18n';
import { useSession } from '../session';
import { readToken } from '../token';
import { useWords } from '../words/words';

interface DevIdentity {
  country: string;
  role: string;
}

export function SignIn() {
  const t = useT();
  const w = useWords();
  const { signIn } = useSession();
  const [identities, setIdentities] = useState<DevIdentity[]>([]);
  const [picked, setPicked] = useState(0);
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    fetch('/console/dev-identities.json')
      .then((r) => (r.ok ? (r.json() as Promise<{ identities: DevIdentity[] }>) : { identities: [] }))
      .then((body) => setIdentities(body.identities))
      .catch(() => setIdentities([]));
  }, []);

  const useDevIdentity = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const response = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(identities[picked]) });
      const body = (await response.json()) as { token?: string; errors?: { message: string }[] };
      if (!body.token) throw new Error(body.errors?.[0]?.message ?? `status ${response.status}`);
      signIn(body.token);
    } catch (err) {
      setProblem(t('failed', { reason: String((err as Error).message ?? err) }));
    }
  };

  const usePasted = (event: FormEvent) => {
    event.preventDefault();
    const token = pasted.trim().replace(/^Bearer\s+/i, '');
    const who = readToken(token);
    if (!who) return setProblem(t('badToken'));
    if (who.expires && who.expires * 1000 < Date.now()) return setProblem(t('expiredToken'));
    setProblem(null);
    signIn(token);
  };

  return (
    <>
      <PageTitle>{t('signInTitle')}</PageTitle>
      {problem && <p role="alert" className="error">{problem}</p>}
      {identities.length > 0 && (
        <form onSubmit={useDevIdentity} className="panel" aria-labelledby="dev-title">
          <h2 id="dev-title">{t('devIdentity')}</h2>
          <p className="muted">{t('devIdentityHint')}</p>
          <label htmlFor="dev-identity">{t('devIdentity')}</label>
          <select id="dev-identity" value={picked} onChange={(e) => setPicked(Number(e.target.value))}>
            {identities.map((id, i) => <option key={`${id.country}-${id.role}`} value={i}>{id.country} {w.value('Role', id.role)}</option>)}
          </select>
          <button type="submit">{t('signInAs')}</button>
        </form>
      )}
      <form onSubmit={usePasted} className="panel" aria-labelledby="token-title">
        <h2 id="token-title">{t('pasteToken')}</h2>
        <p className="muted" id="token-hint">{t('pasteTokenHint')}</p>
        <label htmlFor="token">{t('pasteToken')}</label>
        <textarea id="token" rows={4} value={pasted} onChange={(e) => setPasted(e.target.value)} aria-describedby="token-hint" spellCheck={false} autoComplete="off" />
        <button type="submit">{t('useToken')}</button>
      </form>
    </>
  );
}
