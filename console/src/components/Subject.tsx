/**
 * A cooperation request's subject as the caller may see it: the owner's record, read through the gateway
 * under the owner's rules (a name the owner withholds reads "withheld by AR — rule …", never its value);
 * where the caller is not pointed at the record (a requester before a grant), "withheld by AR" and why
 * (SUBJECT_WITHHELD's reason); where the owner did not answer, that it did not.
 */
import { useT } from '../i18n';
import { href } from '../router';
import { useWords } from '../words/words';
import { Field } from './Withheld';

export interface RequestSubject {
  given: string;
  kind: string;
  person: { id: string; fullName: string | null } | null;
  case: { id: string; reference: string | null } | null;
}

/** `at` is the subject's path in the answer (the errors' paths start there); `reason` why it is withheld; `unavailable`: its owner did not answer. */
export function Subject({ subject, owner, at, reason, unavailable = false }: {
  subject: RequestSubject; owner: string | null; at: readonly (string | number)[]; reason?: string; unavailable?: boolean;
}) {
  const t = useT();
  const w = useWords();
  if (subject.person) {
    return <a href={href('person', subject.person.id)}><Field at={[...at, 'person', 'fullName']} value={subject.person.fullName ?? subject.person.id} /></a>;
  }
  if (subject.case) return <a href={href('case', subject.case.id)}><Field at={[...at, 'case', 'reference']} value={subject.case.reference ?? subject.case.id} /></a>;
  if (unavailable) return <span className="muted" data-testid="subject-unavailable">{owner} — {t('unavailable')}</span>;
  return (
    <span className="withheld" data-testid="subject-withheld" data-reason={reason}>
      {t('withheldShort', { country: owner ?? '?' })} — {reason ? w.value('WithheldReason', reason) : t('notYours')}
    </span>
  );
}
