/**
 * The GraphiQL explorer every process serves to browsers: one self-contained page
 * from @graphql-yoga/render-graphiql (scripts, styles, fonts and workers inlined),
 * so it works on a server without internet access. The request headers start as
 * placeholders, the README's examples open as tabs named after their operations,
 * and one script of ours stands between GraphiQL and the server (explorerFetch):
 * placeholders left as they were are not sent, the purpose and case reference
 * typed as plain text go out percent-encoded (headerText.ts), a development token
 * picked at the bottom right (devTokens.ts) stands in for the placeholder bearer,
 * and without any token nothing is sent at all: the schema GraphiQL asks for on
 * opening comes with the page where introspection is open to everyone
 * (development), and anything else is answered there and then with what to do,
 * rather than by a 401 for a token nobody has given yet. A purpose picked from the
 * network's catalogue at the bottom left (explorerPurposes.ts) stands in for the
 * placeholder purpose. Where the gateway offers sign-in through OpenID Connect
 * providers, a bar at the top right sends the tab through the console's sign-in
 * (console/src/signIn.ts), which brings the token back here (EXPLORER_TOKEN_KEY).
 */
import { introspectionFromSchema, type GraphQLSchema } from 'graphql';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { CASE_REF_HEADER, PURPOSE_HEADER } from './identity';
import { DEV_TOKEN_PATH, type DevIdentity } from './devTokens';
import type { ExampleQuery } from './exampleQueries';
import { explorerPurposePicker } from './explorerPurposes';
import type { PurposeCatalogue } from './purposes';

/** Where the explorer keeps the token it sends for the tab (sessionStorage), picked or signed in for; with `:who`, what it says of it. */
export const EXPLORER_TOKEN_KEY = 'enlace:explorer-token';
/** The console's page that signs the explorer in with provider N: /console/?sign-in=N&for=explorer. */
export const EXPLORER_SIGN_IN_PATH = '/console/';

export interface ExplorerOptions {
  title: string;
  examples: readonly ExampleQuery[];
  /** Identities the token picker offers (development only). */
  devIdentities?: readonly DevIdentity[];
  /**
   * The schema GraphiQL shows before any token is given: only where anyone may
   * introspect it (development). Without it, GraphiQL asks the server once a token is there.
   */
  schema?: GraphQLSchema;
  /** The network's catalogue of purposes: a picker offers them (explorerPurposes.ts). */
  purposes?: PurposeCatalogue;
  /** The names of the OpenID Connect providers the gateway signs in with, in its order. */
  signIn?: readonly string[];
}

const TOKEN_PLACEHOLDER = '<token>';
const PURPOSE_PLACEHOLDER = '<why you need these records>';

/** The header editor's first text: each value a placeholder the script below leaves out until it is replaced. */
export const EXPLORER_PLACEHOLDERS: Readonly<Record<string, string>> = {
  authorization: `Bearer ${TOKEN_PLACEHOLDER}`,
  [PURPOSE_HEADER]: PURPOSE_PLACEHOLDER,
  [CASE_REF_HEADER]: '<case reference>',
};

const PLACEHOLDER_HEADERS = JSON.stringify(EXPLORER_PLACEHOLDERS, null, 2);

/** JSON safe inside an inline <script>. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * A picker bar: the chosen identity's token (kept in sessionStorage for the tab)
 * replaces the placeholder bearer on GraphiQL's requests, so the header editor need not change.
 */
function tokenPicker(identities: readonly DevIdentity[]): string {
  return `<script>
(function () {
  var identities = ${scriptJson(identities)};
  var KEY = ${scriptJson(EXPLORER_TOKEN_KEY)};
  document.addEventListener('DOMContentLoaded', function () {
    var bar = document.createElement('div');
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', 'Development token');
    bar.style.cssText = 'position:fixed;right:8px;bottom:8px;z-index:10000;background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 8px;font:13px sans-serif;color:#333';
    var select = document.createElement('select');
    select.setAttribute('aria-label', 'Development identity');
    identities.forEach(function (id, i) {
      var option = document.createElement('option');
      option.value = String(i);
      option.textContent = id.country + ' ' + id.role;
      select.appendChild(option);
    });
    var button = document.createElement('button');
    button.textContent = 'Use a development token';
    var status = document.createElement('span');
    status.setAttribute('role', 'status');
    status.style.marginLeft = '6px';
    status.textContent = sessionStorage.getItem(KEY) ? sessionStorage.getItem(KEY + ':who') : 'no token picked';
    button.onclick = function () {
      var id = identities[Number(select.value)];
      window.enlaceSend(${scriptJson(DEV_TOKEN_PATH)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(id) })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          if (!body.token) throw new Error(body.errors ? body.errors[0].message : 'no token');
          sessionStorage.setItem(KEY, body.token);
          sessionStorage.setItem(KEY + ':who', 'as ' + id.country + ' ' + id.role + ' (1 h)');
          status.textContent = sessionStorage.getItem(KEY + ':who');
        })
        .catch(function (err) { status.textContent = String(err.message || err); });
    };
    bar.append('Development: ', select, ' ', button, status);
    document.body.appendChild(bar);
  });
})();
</script>`;
}

/** A bar of sign-in links: each sends the tab through the console's sign-in with that provider and back here. */
function signInBar(providers: readonly string[]): string {
  return `<script>
(function () {
  var providers = ${scriptJson(providers)};
  var KEY = ${scriptJson(EXPLORER_TOKEN_KEY)};
  document.addEventListener('DOMContentLoaded', function () {
    var bar = document.createElement('nav');
    bar.setAttribute('aria-label', 'Sign in');
    bar.style.cssText = 'position:fixed;right:8px;top:8px;z-index:10000;background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 8px;font:13px sans-serif;color:#333';
    var status = document.createElement('span');
    status.setAttribute('role', 'status');
    status.setAttribute('data-testid', 'explorer-signed-in');
    status.textContent = sessionStorage.getItem(KEY) ? sessionStorage.getItem(KEY + ':who') : 'not signed in';
    bar.append(status);
    providers.forEach(function (name, i) {
      var link = document.createElement('a');
      link.href = ${scriptJson(EXPLORER_SIGN_IN_PATH)} + '?sign-in=' + i + '&for=explorer';
      link.textContent = 'Sign in with ' + name;
      link.style.marginLeft = '8px';
      bar.append(link);
    });
    document.body.appendChild(bar);
  });
})();
</script>`;
}

interface FetchConfig {
  token: string;
  placeholders: Readonly<Record<string, string>>;
  /** Headers of free text, sent percent-encoded. */
  text: readonly string[];
  introspection: unknown;
  noToken: string;
}

/**
 * GraphiQL's fetch, wrapped (before GraphiQL's script runs). The purpose and case
 * reference typed as plain text ("Investigação de tráfico") go out percent-encoded,
 * as every process reads them: a browser sends other text as Latin-1 bytes, or
 * refuses it (“, €).
 */
function explorerFetch(config: FetchConfig): string {
  return `<script>
(function () {
  var config = ${scriptJson(config)};
  var KEY = ${scriptJson(EXPLORER_TOKEN_KEY)};
  var send = window.fetch.bind(window);
  window.enlaceSend = send;
  function pairsOf(headers) {
    if (Array.isArray(headers)) return headers;
    if (headers instanceof Headers) { var pairs = []; headers.forEach(function (v, k) { pairs.push([k, v]); }); return pairs; }
    return Object.entries(headers);
  }
  function here(body) {
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
  }
  function operationOf(body) {
    try { return JSON.parse(body).operationName; } catch (e) { return null; }
  }
  window.fetch = function (input, init) {
    if (!init || !init.headers) return send(input, init);
    var headers = [];
    var bearer = null;
    pairsOf(init.headers).forEach(function (p) {
      var name = String(p[0]).toLowerCase();
      var value = String(p[1]).trim();
      if (config.placeholders[name] === value) return;
      if (name === 'authorization') { bearer = value; return; }
      headers.push([p[0], config.text.indexOf(name) >= 0 ? encodeURIComponent(value) : value]);
    });
    var picked = sessionStorage.getItem(KEY);
    if (!bearer && picked) bearer = 'Bearer ' + picked;
    if (config.introspection && operationOf(init.body) === 'IntrospectionQuery') return here({ data: config.introspection });
    if (!bearer) return here({ errors: [{ message: config.noToken, extensions: { code: 'UNAUTHENTICATED' } }] });
    headers.push(['authorization', bearer]);
    return send(input, Object.assign({}, init, { headers: headers }));
  };
})();
</script>`;
}

export function explorerPage(options: ExplorerOptions): string {
  const page = renderGraphiQL({
    title: options.title,
    headers: PLACEHOLDER_HEADERS,
    defaultTabs: options.examples.map((e) => ({ query: `# ${e.title}\n${e.query}\n`, headers: PLACEHOLDER_HEADERS })),
    // Tokens are not kept in the browser's storage beyond the tab.
    shouldPersistHeaders: false,
  });
  const picker = options.devIdentities?.length ? tokenPicker(options.devIdentities) : '';
  const signIn = options.signIn?.length ? signInBar(options.signIn) : '';
  const fetching = explorerFetch({
    token: TOKEN_PLACEHOLDER,
    placeholders: EXPLORER_PLACEHOLDERS,
    text: [PURPOSE_HEADER, CASE_REF_HEADER],
    introspection: options.schema
      ? introspectionFromSchema(options.schema, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true })
      : null,
    noToken: `No token yet: ${signIn ? 'sign in at the top right, ' : ''}${picker ? 'pick an identity at the bottom right and "Use a development token", ' : ''}${signIn || picker ? 'or ' : ''}replace ${TOKEN_PLACEHOLDER} in the Authorization header with yours.`,
  });
  // Last, so that it runs first: the purpose picked then goes through explorerFetch like one typed.
  const purposes = options.purposes ? explorerPurposePicker(options.purposes, PURPOSE_PLACEHOLDER) : '';
  return page.replace('</head>', () => `${fetching}${picker}${signIn}${purposes}</head>`);
}
