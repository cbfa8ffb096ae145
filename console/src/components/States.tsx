/** The states every page shares: loading, failed altogether, errors beside the data, nothing found. */
import type { GqlError } from '../graphql';
import { useT } from '../i18n';

export function Loading() {
  const t = useT();
  return <p role="status" className="muted">{t('loading')}</p>;
}

export function Failure({ reason, retry }: { reason: string; retry?: () => void }) {
  const t = useT();
  return (
    <div role="alert" className="error">
      <p>{t('failed', { reason })}</p>
      {retry && <button type="button" onClick={retry}>{t('retry')}</button>}
    </div>
  );
}

/** Errors as the gateway worded them; a bad input names its field. */
export function Errors({ errors }: { errors: readonly GqlError[] }) {
  if (!errors.length) return null;
  return (
    <div role="alert" className="error">
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <code>{e.extensions?.code ?? 'ERROR'}</code>
            {e.extensions?.field ? <> (<strong>{e.extensions.field}</strong>)</> : null}: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Empty() {
  const t = useT();
  return <p className="muted">{t('nothingFound')}</p>;
}
