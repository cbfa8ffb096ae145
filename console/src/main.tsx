import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionProvider } from './session';
import { finishSignIn, returnToExplorer, signInAskedByUrl, type SignInOutcome } from './signIn';
import './styles.css';

/** A sign-in the URL asks for leaves for the provider; a return from one is finished before the console shows. */
async function boot(): Promise<void> {
  let outcome: SignInOutcome | null;
  try {
    if (await signInAskedByUrl()) return;
    outcome = await finishSignIn();
  } catch (err) {
    outcome = { problem: String((err as Error).message ?? err), for: 'console' };
  }
  if (outcome?.for === 'explorer') return returnToExplorer(outcome);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <SessionProvider signedIn={outcome && 'token' in outcome ? outcome : undefined}>
        <App signInProblem={outcome && 'problem' in outcome ? outcome.problem : undefined} />
      </SessionProvider>
    </StrictMode>,
  );
}

void boot();
