/**
 * Filing a cooperation request (step two of every search), at the owner: the
 * gateway sends `requestCooperation` to the member its input names as owner.
 * The owner checks what only it can check — that the caller holds each subject
 * (a hit/no-hit reference sealed for this very caller, or a record the caller
 * may know of) and that the scope names rules a grant can open on such records
 * — then files the request at the secretariat on its own account (service
 * identity, naming the caller). The secretariat checks the rest (texts, legal
 * basis, urgency, deadlines) and keeps the request; its refusals reach the
 * caller as they are. Nothing of the records is sent but their ids.
 */
import { GraphQLError } from 'graphql';
import { badInput, codedError, parseId, type ErrorCode } from '@enlace/platform';
import type { MemberContext } from './context';
import type { CooperationRequest, MutationRequestCooperationArgs } from './generated/resolvers';
import { authzOf, isRetiredReference, REFERENCE_PREFIX, type EffectiveProtocol, type HitReferences } from './protocol';
import { SecretariatUnreachable, type SecretariatClient } from './secretariatClient';

/** The most subjects and rules one request names. */
const MAX_SUBJECTS = 20;
const MAX_SCOPE = 20;

/** The kinds of record a request may name, by the kind letter of their ids. */
const KIND_OF: Record<string, 'PERSON' | 'CASE'> = { P: 'PERSON', C: 'CASE' };

const FILE = `mutation EnlaceFileCooperationRequest($input: CooperationFiling!) { fileCooperationRequest(input: $input) { id } }`;

interface Filing {
  given: string;
  kind: 'PERSON' | 'CASE';
  recordId: string;
}

export interface CooperationOptions {
  references: HitReferences;
  /** Without a secretariat, nothing can be filed (SECRETARIAT_UNAVAILABLE). */
  secretariat: SecretariatClient | null;
}

export function requestCooperationResolver(options: CooperationOptions) {
  return async (_: unknown, { input }: MutationRequestCooperationArgs, ctx: MemberContext): Promise<CooperationRequest> => {
    if (input.owner.trim().toUpperCase() !== ctx.country) {
      throw badInput('input.owner', `this request reached ${ctx.country}, the owner it names must be ${ctx.country}`);
    }
    // The shield has let only callers of cooperation.request through; the rules a grant can open are the request's protocol's.
    const protocol = authzOf(ctx)?.protocol;
    if (!protocol) throw unavailable('this member enforces no sharing protocol');
    const subjects = await resolveSubjects(input.subjects, ctx, options.references);
    const scope = checkScope(input.scope, subjects, protocol);
    if (!options.secretariat) throw unavailable('this member is not connected to the secretariat');
    let answer;
    try {
      answer = await options.secretariat.ask<{ fileCooperationRequest?: { id: string } | null }>(ctx.identity, FILE, {
        input: { ...input, owner: ctx.country, subjects, scope },
      });
    } catch (err) {
      if (err instanceof SecretariatUnreachable) throw unavailable(err.message);
      throw err;
    }
    const filed = answer.data?.fileCooperationRequest;
    if (!filed) throw relayed(answer.errors?.[0]);
    ctx.audit.wrote([filed.id]);
    return { __typename: 'CooperationRequest', id: filed.id };
  };
}

/** Each subject as the record it stands for, or BAD_USER_INPUT naming the entry the caller does not hold. */
async function resolveSubjects(raw: unknown, ctx: MemberContext, references: HitReferences): Promise<Filing[]> {
  const list = Array.isArray(raw) ? raw : [];
  if (!list.length || list.length > MAX_SUBJECTS) throw badInput('input.subjects', `must name 1 to ${MAX_SUBJECTS} records or hit/no-hit references`);
  const seen = new Set<string>();
  const out: Filing[] = [];
  for (const [i, value] of list.entries()) {
    const field = `input.subjects[${i}]`;
    const given = typeof value === 'string' ? value.trim() : '';
    let recordId: string | null = null;
    if (isRetiredReference(given)) throw badInput(field, 'is a hit/no-hit reference of an earlier format, which no longer holds: search again for a new one');
    if (given.startsWith(REFERENCE_PREFIX)) {
      recordId = references.open(given, ctx.identity.caller)?.recordId ?? null;
      if (!recordId) throw badInput(field, `is not a hit/no-hit reference ${ctx.country} gave you`);
    } else {
      const parsed = parseId(given);
      const known = parsed?.country === ctx.country && KIND_OF[parsed.kind]
        ? await (parsed.kind === 'P' ? ctx.data.person(given) : ctx.data.case(given))
        : null;
      // The same answer for a record that does not exist and one the caller may not know of.
      if (!known) throw badInput(field, `is not a record of ${ctx.country} you may know of, nor a hit/no-hit reference ${ctx.country} gave you`);
      recordId = given;
    }
    const kind = KIND_OF[parseId(recordId)?.kind ?? ''];
    if (!kind) throw badInput(field, 'names neither a person nor a case');
    if (seen.has(recordId)) throw badInput(field, 'names a record already named');
    seen.add(recordId);
    out.push({ given, kind, recordId });
  }
  return out;
}

/** The rules asked for: each one a grant can open, on a kind of record the request names. */
function checkScope(raw: unknown, subjects: Filing[], protocol: EffectiveProtocol): string[] {
  const list = Array.isArray(raw) ? raw : [];
  if (!list.length || list.length > MAX_SCOPE) throw badInput('input.scope', `must name 1 to ${MAX_SCOPE} protocol rules`);
  const kinds = new Set(subjects.map((s) => s.kind));
  const names = new Set<string>();
  for (const [i, value] of list.entries()) {
    const name = typeof value === 'string' ? value.trim() : '';
    const rule = protocol.grantable.get(name);
    if (!rule) {
      throw badInput(`input.scope[${i}]`, `names no rule a grant can open (protocol v${protocol.version}: ${[...protocol.grantable.keys()].join(', ')})`);
    }
    const kind = rule.subject === 'Case' ? 'CASE' : 'PERSON';
    if (!kinds.has(kind)) throw badInput(`input.scope[${i}]`, `${name} is a rule on ${rule.subject === 'Case' ? 'cases' : 'persons'}, and the request names none`);
    names.add(name);
  }
  return [...names];
}

const unavailable = (why: string): GraphQLError =>
  codedError('SECRETARIAT_UNAVAILABLE', `The request could not be filed, nothing was: ${why}. Try again later.`);

/** The secretariat's refusal as the caller's error (its code, field and message; its store busy as busy); anything else as unavailable. */
function relayed(error: { message?: string; extensions?: Record<string, unknown> } | undefined): GraphQLError {
  const code = String(error?.extensions?.code ?? '');
  if (code === 'BAD_USER_INPUT' && typeof error?.extensions?.field === 'string') return badInput(error.extensions.field, stripField(error));
  if (code === 'STORE_BUSY') return codedError('STORE_BUSY', 'The secretariat is busy: nothing was filed; try again in a moment.');
  if (code === 'FORBIDDEN' || code === 'PURPOSE_REQUIRED' || code === 'NOT_FOUND') {
    const rest = { ...error?.extensions };
    delete rest.code;
    return codedError(code as ErrorCode, error?.message ?? code, rest);
  }
  return unavailable(error?.message ? `the secretariat answered "${error.message.slice(0, 200)}"` : 'the secretariat gave no answer');
}

const stripField = (e: { message?: string; extensions?: Record<string, unknown> }): string => {
  const field = String(e.extensions?.field);
  const message = e.message ?? 'is not valid';
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
};

