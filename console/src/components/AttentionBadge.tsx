/** Beside "Cooperation" in the navigation: how many requests are new and how many overdue (attention.tsx), and a live region that says so when it changes. */
import { useAttention } from '../attention';
import { useT } from '../i18n';

export function AttentionBadge() {
  const t = useT();
  const { attention } = useAttention();
  if (!attention) return null;
  const n = (count: number) => (attention.countCapped ? `${count}+` : String(count));
  return (
    <>
      {attention.newCount > 0 && <span className="badge new" data-testid="badge-new">{t('badgeNew', { n: n(attention.newCount) })}</span>}
      {attention.overdueCount > 0 && <span className="badge overdue" data-testid="badge-overdue">{t('badgeOverdue', { n: n(attention.overdueCount) })}</span>}
    </>
  );
}

/** Read out by screen readers as the counts change (the badge itself sits inside a link). */
export function AttentionStatus() {
  const t = useT();
  const { attention } = useAttention();
  const text = attention && (attention.newCount || attention.overdueCount)
    ? t('attentionStatus', { fresh: attention.newCount, overdue: attention.overdueCount })
    : '';
  return <p role="status" className="visually-hidden" data-testid="attention-status">{text}</p>;
}
