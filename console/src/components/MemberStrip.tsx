/** Each member's state for one search: answered with how many, unavailable, or timed out. */
import type { MemberOutcome } from '../outcome';
import { useT } from '../i18n';

export function MemberStrip({ outcomes }: { outcomes: readonly MemberOutcome[] }) {
  const t = useT();
  const missing = outcomes.filter((o) => o.state !== 'answered').map((o) => o.country);
  return (
    <section aria-labelledby="strip-title" className="strip">
      <h2 id="strip-title" className="visually-hidden">{t('members')}</h2>
      <ul>
        {outcomes.map((o) => (
          <li key={o.country} className={`member ${o.state}`} data-country={o.country} data-state={o.state}>
            <strong>{o.country}</strong>{' '}
            {o.state === 'answered' ? (o.count === 1 ? t('answeredOne') : t('answered', { n: o.count })) : o.state === 'timedOut' ? t('timedOut') : t('unavailable')}
          </li>
        ))}
      </ul>
      {missing.length > 0 && <p role="status" className="warning">{t('partial', { countries: missing.join(', ') })}</p>}
    </section>
  );
}
