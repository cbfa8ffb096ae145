/**
 * What a request read or did, in words, for the audit views. A member logs the
 * operation's name, and behind the gateway the query planner's (`SearchPersons__members__0`):
 * the console's own operations are named here by what they are for (the build fails
 * when one of its operations has no words: words/check.ts); any other client's is
 * described by what the entry says was read (records by kind, a hit/no-hit lookup, a change).
 */
import type { Words } from '../lang';

/** Each `query Name` / `mutation Name` of the console. */
export const OPERATION_WORDS = {
  SearchPersons: { en: 'search of persons', es: 'búsqueda de personas', pt: 'pesquisa de pessoas' },
  SearchCases: { en: 'search of cases', es: 'búsqueda de causas', pt: 'pesquisa de casos' },
  SearchRoutes: { en: 'search of routes', es: 'búsqueda de rutas', pt: 'pesquisa de rotas' },
  Person: { en: 'a person’s record', es: 'ficha de una persona', pt: 'ficha de uma pessoa' },
  Case: { en: 'a case’s record', es: 'expediente de una causa', pt: 'registro de um caso' },
  Route: { en: 'a route’s observations', es: 'observaciones de una ruta', pt: 'observações de uma rota' },
  PersonNeighbours: { en: 'network view around a person', es: 'vista de red en torno a una persona', pt: 'visão de rede em torno de uma pessoa' },
  CaseNeighbours: { en: 'network view around a case', es: 'vista de red en torno a una causa', pt: 'visão de rede em torno de um caso' },
  ObservationNeighbours: { en: 'network view around a route', es: 'vista de red en torno a una ruta', pt: 'visão de rede em torno de uma rota' },
  DocumentHits: { en: 'document check (hit/no-hit)', es: 'consulta de documento (hit/no-hit)', pt: 'consulta de documento (hit/no-hit)' },
  AccountHits: { en: 'account check (hit/no-hit)', es: 'consulta de cuenta (hit/no-hit)', pt: 'consulta de conta (hit/no-hit)' },
  NameHits: { en: 'name and date of birth check (hit/no-hit)', es: 'consulta de nombre y fecha de nacimiento (hit/no-hit)', pt: 'consulta de nome e data de nascimento (hit/no-hit)' },
  Inbox: { en: 'list of cooperation requests', es: 'lista de solicitudes de cooperación', pt: 'lista de pedidos de cooperação' },
  Request: { en: 'a cooperation request', es: 'una solicitud de cooperación', pt: 'um pedido de cooperação' },
  File: { en: 'filing a cooperation request', es: 'presentación de una solicitud de cooperación', pt: 'apresentação de um pedido de cooperação' },
  Decide: { en: 'decision on a cooperation request', es: 'decisión sobre una solicitud de cooperación', pt: 'decisão sobre um pedido de cooperação' },
  Answer: { en: 'answer to the owner', es: 'respuesta al titular', pt: 'resposta ao titular' },
  Withdraw: { en: 'withdrawal of a request', es: 'retiro de una solicitud', pt: 'retirada de um pedido' },
  Revoke: { en: 'revocation of a grant', es: 'revocación de una concesión', pt: 'revogação de uma concessão' },
  Teams: { en: 'list of joint investigation teams', es: 'lista de equipos conjuntos de investigación', pt: 'lista de equipes conjuntas de investigação' },
  Team: { en: 'a joint investigation team’s cases', es: 'causas de un equipo conjunto de investigación', pt: 'casos de uma equipe conjunta de investigação' },
  Members: { en: 'member directory', es: 'directorio de miembros', pt: 'diretório de membros' },
  AuditLog: { en: 'reading of the audit log', es: 'lectura del registro de auditoría', pt: 'leitura do registro de auditoria' },
  ForeignAccess: { en: 'reading of foreign access', es: 'lectura de accesos del exterior', pt: 'leitura de acessos do exterior' },
  AuditExport: { en: 'export of the audit log', es: 'exportación del registro de auditoría', pt: 'exportação do registro de auditoria' },
  CooperationAttention: { en: 'count of new and overdue requests', es: 'recuento de solicitudes nuevas y vencidas', pt: 'contagem de pedidos novos e vencidos' },
  CooperationInboxSeen: { en: 'inbox opened', es: 'bandeja de entrada abierta', pt: 'caixa de entrada aberta' },
  PurposeCatalogue: { en: 'catalogue of purposes', es: 'catálogo de finalidades', pt: 'catálogo de finalidades' },
} as const satisfies Record<string, Words>;

/** For operations of other clients: what the entry says was read or done. */
export const READ_WORDS = {
  persons: { en: 'records of {n} persons', es: 'fichas de {n} personas', pt: 'fichas de {n} pessoas' },
  person: { en: 'a person’s record', es: 'ficha de una persona', pt: 'ficha de uma pessoa' },
  cases: { en: 'records of {n} cases', es: 'expedientes de {n} causas', pt: 'registros de {n} casos' },
  case: { en: 'a case’s record', es: 'expediente de una causa', pt: 'registro de um caso' },
  observations: { en: '{n} route observations', es: '{n} observaciones de rutas', pt: '{n} observações de rotas' },
  observation: { en: 'a route observation', es: 'una observación de ruta', pt: 'uma observação de rota' },
  records: { en: '{n} other records', es: '{n} registros más', pt: '{n} outros registros' },
  lookup: { en: 'hit/no-hit lookup', es: 'consulta hit/no-hit', pt: 'consulta hit/no-hit' },
  change: { en: 'a change to records', es: 'una modificación de registros', pt: 'uma alteração de registros' },
  nothing: { en: 'a request that read no record', es: 'una consulta que no leyó ningún registro', pt: 'uma consulta que não leu nenhum registro' },
  other: { en: 'another client’s request', es: 'consulta de otro cliente', pt: 'consulta de outro cliente' },
} as const satisfies Record<string, Words>;

export type ConsoleOperation = keyof typeof OPERATION_WORDS;

/** The client's operation name behind the planner's (`SearchPersons__members__0` → SearchPersons). */
export const clientOperation = (name: string | null | undefined): string | null => name?.replace(/__[A-Za-z0-9]+__\d+$/, '') || null;
