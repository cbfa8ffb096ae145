/** Each member's state for one search: answered with how many (of how many it holds), unavailable, or timed out; more from one member on request. */
import type { MemberOutcome } from '../outcome';
import { useT } from '../i18n';

export function MemberStrip({ outcomes, onMore, busy = false }: { outcomes: readonly MemberOutcome[]; onMore?: (country: string) => void; busy?: boolean }) {
  const t = useT();
  const missing = outcomes.filter((o) => o.state !== 'answered').map((o) => o.country);
  return (
    <section aria-labelledby="strip-title" className="strip">
      <h2 id="strip-title" className="visually-hidden">{t('members')}</h2>
      <ul>
        {outcomes.map((o) => (
          <li key={o.country} className={`member ${o.state}`} data-country={o.country} data-state={o.state}
            data-count={o.total?.count} data-capped={o.total ? String(o.total.capped) : undefined} data-shown={o.total?.shown}>
            <strong>{o.country}</strong>{' '}
            {o.state !== 'answered' ? (o.state === 'timedOut' ? t('timedOut') : t('unavailable'))
              : o.total ? (o.total.capped ? t('holdsMoreThan', { n: o.total.count }) : o.total.count === 1 ? t('answeredOne') : t('answered', { n: o.total.count }))
                : o.count === 1 ? t('answeredOne') : t('answered', { n: o.count })}
            {o.total && o.total.count > 0 && o.state === 'answered' && <span className="shown"> · {t('shown', { n: o.total.shown })}</span>}
            {o.total?.more && onMore && (
              <>
                {' '}
                <button type="button" className="secondary small" disabled={busy} onClick={() => onMore(o.country)}>{t('moreFrom', { country: o.country })}</button>
              </>
            )}
          </li>
        ))}
      </ul>
      {missing.length > 0 && <p role="status" className="warning">{t('partial', { countries: missing.join(', ') })}</p>}
    </section>
  );
}
