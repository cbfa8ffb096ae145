/**
 * A member with parts left out, to measure what each costs (scripts/src/bench): the sharing
 * protocol (off) and
 * the audit log. A module of its own so that the production API (startMember, MemberOptions,
 * main.ts) has no such switch; lint keeps every main.ts from importing it.
 */
import { startMemberWith, type BenchmarkSwitches, type MemberOptions, type RunningMember } from './server';

export type { BenchmarkSwitches };

export function startMemberForBenchmark(options: MemberOptions, switches: BenchmarkSwitches): Promise<RunningMember> {
  return startMemberWith(options, switches);
}
