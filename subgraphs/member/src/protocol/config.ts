/**
 * A member's protocol settings from its environment:
 * - MEMBER_PROTOCOL_TIGHTENING: the member's tightening of the sharing protocol,
 *   as a JSON object or the path of a JSON file (see schema/protocol/PROTOCOL.md);
 * - SECRETARIAT_URL: the secretariat subgraph, asked for the JIT a request names;
 * - MEMBER_CONTACT_POINT: whom foreign callers should ask (hit/no-hit answers).
 * There is deliberately no setting to switch enforcement off.
 */
import { readFileSync } from 'node:fs';
import { ProtocolError, type ProtocolTightening } from './model';

export interface MemberProtocolSettings {
  secretariatUrl?: string;
  protocolTightening?: ProtocolTightening;
  contactPoint?: string;
}

export function readTightening(value: string): ProtocolTightening {
  const text = value.trim().startsWith('{') ? value : readFileSync(value.trim(), 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ProtocolError(`MEMBER_PROTOCOL_TIGHTENING is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ProtocolError('MEMBER_PROTOCOL_TIGHTENING must be a JSON object');
  return parsed as ProtocolTightening;
}

export function memberProtocolFromEnv(env: NodeJS.ProcessEnv): MemberProtocolSettings {
  const settings: MemberProtocolSettings = {};
  if (env.SECRETARIAT_URL?.trim()) settings.secretariatUrl = env.SECRETARIAT_URL.trim();
  if (env.MEMBER_PROTOCOL_TIGHTENING?.trim()) settings.protocolTightening = readTightening(env.MEMBER_PROTOCOL_TIGHTENING);
  if (env.MEMBER_CONTACT_POINT?.trim()) settings.contactPoint = env.MEMBER_CONTACT_POINT.trim();
  return settings;
}
