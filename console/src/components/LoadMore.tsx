/** Below a paged list: how many are shown of how many (or of more than N), and "Load more" while any member holds more. */
import { useT } from '../i18n';
import type { Pages } from '../usePages';

export function LoadMore({ pages }: { pages: Pick<Pages<unknown>, 'members' | 'hasNextPage' | 'loadingMore' | 'loadMore'> }) {
  const t = useT();
  const shown = pages.members.reduce((n, m) => n + m.shown, 0);
  const total = pages.members.reduce((n, m) => n + m.count, 0);
  const capped = pages.members.some((m) => m.capped);
  if (!pages.members.length) return null;
  return (
    <div className="load-more">
      <p role="status" className="muted" data-testid="shown">
        {capped ? t('shownOfMoreThan', { shown, total }) : t('shownOfTotal', { shown, total })}
        {pages.loadingMore ? ` · ${t('loadingMore')}` : ''}
      </p>
      {pages.hasNextPage && (
        <button type="button" className="secondary" disabled={pages.loadingMore} onClick={() => pages.loadMore()}>{t('loadMore')}</button>
      )}
    </div>
  );
}
