/** The caller's saved searches (this browser only): open one, remove one, save the search on the page under a name. */
import { useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { readSaved, withoutSaved, withSaved, writeSaved, type SavedSearch } from '../savedSearches';
import { useSession } from '../session';

/** `current`: the address of the search on the page, when one was run (then it can be saved). */
export function SavedSearches({ current }: { current?: string }) {
  const t = useT();
  const { who } = useSession();
  const [list, setList] = useState<SavedSearch[]>(() => (who ? readSaved(localStorage, who) : []));
  const [name, setName] = useState('');
  if (!who) return null;
  const keep = (next: SavedSearch[]) => {
    writeSaved(localStorage, who, next);
    setList(next);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!current || !name.trim()) return;
    keep(withSaved(list, { name: name.trim(), target: current }));
    setName('');
  };
  return (
    <section className="panel saved-searches" aria-labelledby="saved-title">
      <h2 id="saved-title">{t('savedSearches')}</h2>
      <p className="muted">{t('savedSearchesHint', { who: `${who.country} ${who.subject}` })}</p>
      {list.length ? (
        <ul data-testid="saved-searches">
          {list.map((s) => (
            <li key={s.name}>
              <a href={s.target}>{s.name}</a>
              <button type="button" className="secondary small" onClick={() => keep(withoutSaved(list, s.name))} aria-label={t('removeSearchNamed', { name: s.name })}>{t('removeSearch')}</button>
            </li>
          ))}
        </ul>
      ) : <p className="muted">{t('noSavedSearches')}</p>}
      {current && (
        <form onSubmit={save}>
          <label htmlFor="saved-name">{t('searchName')}</label>
          <input id="saved-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
          <button type="submit" className="secondary small">{t('saveSearch')}</button>
        </form>
      )}
    </section>
  );
}
