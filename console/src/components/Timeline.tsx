/** A timeline as an ordered list: each event's date in the user's locale (or its owner's withholding of it), owner and what happened. */
import type { TimelineEvent } from '../casefile/timeline';
import { useT } from '../i18n';
import { href } from '../router';
import { Owner } from './Owner';
import { useWords } from '../words/words';
import { WithheldMark } from './Withheld';

export function Timeline({ events, id }: { events: readonly TimelineEvent[]; id: string }) {
  const t = useT();
  const w = useWords();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{t('timeline')}</h2>
      {events.length === 0 ? <p className="muted">{t('noEvents')}</p> : (
        <ol className="timeline" data-testid="timeline">
          {events.map((e, i) => (
            <li key={i} data-date={e.date ?? undefined} data-owner={e.owner}>
              <span className="when">{e.withheld ? <WithheldMark withholding={e.withheld} /> : <time dateTime={e.date!}>{w.date(e.date)}</time>}</span>{' '}
              <Owner country={e.owner} compact />{' '}
              {e.caseId ? <a href={href('case', e.caseId)}>{e.what}</a> : e.what}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
