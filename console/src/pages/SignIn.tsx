/**
 * Sign-in: through an OpenID Connect provider the gateway offers (signIn.ts); in development,
 * pick an identity of the development issuer (POST /dev/token, the explorer's picker); or paste
 * a token from the network's identity provider (for scripts and tests), checked with the network.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { PageTitle } from '../components/PageTitle';
import { useT } from '../i18n';
import { useSession } from '../session';
import { askSession, signInProviders, startSignIn, type SignInProvider } from '../signIn';
import { useWords } from '../words/words';

interface DevIdentity {
  country: string;
  role: string;
}

/** `problem`: why a provider's sign-in just failed (main.tsx finished it). */
export function SignIn({ problem: returned }: { problem?: string } = {}) {
  const t = useT();
  const w = useWords();
  const { signIn } = useSession();
  const [identities, setIdentities] = useState<DevIdentity[]>([]);
  const [picked, setPicked] = useState(0);
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string | null>(returned ? t('signInRefused', { reason: returned }) : null);
  const [providers, setProviders] = useState<SignInProvider[]>([]);

  useEffect(() => {
    void signInProviders().then(setProviders);
  }, []);

  const withProvider = async (provider: SignInProvider) => {
    setProblem(null);
    try {
      await startSignIn(provider, 'console');
    } catch (err) {
      setProblem(t('providerUnreachable', { name: provider.name, reason: String((err as Error).message ?? err) }));
    }
  };

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

  // The network says whom it takes the token for (a provider's claims are mapped by its configuration), or why not.
  const usePasted = async (event: FormEvent) => {
    event.preventDefault();
    const token = pasted.trim().replace(/^Bearer\s+/i, '');
    if (token.split('.').length !== 3) return setProblem(t('badToken'));
    try {
      const who = await askSession(token);
      if ('problem' in who) return setProblem(t('signInRefused', { reason: who.problem }));
      setProblem(null);
      signIn(token, who);
    } catch (err) {
      setProblem(t('failed', { reason: String((err as Error).message ?? err) }));
    }
  };

  return (
    <>
      <PageTitle>{t('signInTitle')}</PageTitle>
      {problem && <p role="alert" className="error">{problem}</p>}
      {providers.length > 0 && (
        <section className="panel" aria-labelledby="provider-title">
          <h2 id="provider-title">{t('signInProvider')}</h2>
          <p className="muted">{t('signInProviderHint')}</p>
          {providers.map((p) => <button key={p.issuer} type="button" onClick={() => void withProvider(p)}>{t('signInWith', { name: p.name })}</button>)}
        </section>
      )}
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
