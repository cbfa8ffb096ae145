/** A record's owner: its code, with the member's name for those who do not know every code. */
import { useMembers } from './Members';

export function Owner({ country, compact = false }: { country: string; compact?: boolean }) {
  const member = useMembers().find((m) => m.country === country);
  return <span className="owner" title={member?.name}><span className={`flag c-${country}`}>{country}</span>{member && !compact ? <span className="owner-name"> {member.name}</span> : null}</span>;
}
