/**
 * The GraphiQL explorer every process serves to browsers: one self-contained page
 * from @graphql-yoga/render-graphiql (scripts, styles, fonts and workers inlined),
 * so it works on a server without internet access. The request headers start as
 * placeholders, the README's examples open as tabs, the purpose and case reference
 * typed there as plain text are sent percent-encoded (headerText.ts), and in
 * development a token picker mints tokens of the development issuer (devTokens.ts).
 */
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { CASE_REF_HEADER, PURPOSE_HEADER } from './identity';
import type { DevIdentity } from './devTokens';
import type { ExampleQuery } from './exampleQueries';

/** Where the picker asks for a token (POST {country, role}). */
export const DEV_TOKEN_PATH = '/dev/token';

export interface ExplorerOptions {
  title: string;
  examples: readonly ExampleQuery[];
  /** Identities the token picker offers (development only). */
  devIdentities?: readonly DevIdentity[];
}

const TOKEN_PLACEHOLDER = '<token>';

const PLACEHOLDER_HEADERS = JSON.stringify(
  { authorization: `Bearer ${TOKEN_PLACEHOLDER}`, [PURPOSE_HEADER]: '<why you need these records>', [CASE_REF_HEADER]: '<case reference>' },
  null,
  2,
);

/** JSON safe inside an inline <script>. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * A picker bar: the chosen identity's token (kept in sessionStorage) replaces the
 * placeholder bearer on GraphiQL's requests, so the header editor need not change.
 */
function tokenPicker(identities: readonly DevIdentity[]): string {
  return `<script>
(function () {
  var identities = ${scriptJson(identities)};
  var KEY = 'enlace:dev-token';
  var send = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var token = sessionStorage.getItem(KEY);
    if (token && init && init.headers) {
      var headers = new Headers(init.headers);
      var given = headers.get('authorization');
      if (!given || given.indexOf(${scriptJson(TOKEN_PLACEHOLDER)}) >= 0) {
        headers.set('authorization', 'Bearer ' + token);
        init = Object.assign({}, init, { headers: headers });
      }
    }
    return send(input, init);
  };
  document.addEventListener('DOMContentLoaded', function () {
    var bar = document.createElement('div');
    bar.style.cssText = 'position:fixed;right:8px;bottom:8px;z-index:10000;background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 8px;font:13px sans-serif;color:#333';
    var select = document.createElement('select');
    identities.forEach(function (id, i) {
      var option = document.createElement('option');
      option.value = String(i);
      option.textContent = id.country + ' ' + id.role;
      select.appendChild(option);
    });
    var button = document.createElement('button');
    button.textContent = 'Use a development token';
    var status = document.createElement('span');
    status.style.marginLeft = '6px';
    status.textContent = sessionStorage.getItem(KEY) ? sessionStorage.getItem(KEY + ':who') : 'no token picked';
    button.onclick = function () {
      var id = identities[Number(select.value)];
      send(${scriptJson(DEV_TOKEN_PATH)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(id) })
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

/**
 * The purpose and case reference, typed in the header editor as plain text
 * ("Investigação de tráfico"), go out percent-encoded, as every process reads them:
 * a browser sends other text as Latin-1 bytes, or refuses it (“, €). Installed
 * last, so that it runs first, before the token picker reads the headers.
 */
function headerEncoding(): string {
  return `<script>
(function () {
  var TEXT = ${scriptJson([PURPOSE_HEADER, CASE_REF_HEADER])};
  var send = window.fetch.bind(window);
  function pairsOf(headers) {
    if (Array.isArray(headers)) return headers;
    if (headers instanceof Headers) { var pairs = []; headers.forEach(function (v, k) { pairs.push([k, v]); }); return pairs; }
    return Object.entries(headers);
  }
  window.fetch = function (input, init) {
    if (init && init.headers) {
      var headers = pairsOf(init.headers).map(function (p) {
        return TEXT.indexOf(String(p[0]).toLowerCase()) >= 0 ? [p[0], encodeURIComponent(String(p[1]))] : p;
      });
      init = Object.assign({}, init, { headers: headers });
    }
    return send(input, init);
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
  return page.replace('</head>', () => `${picker}${headerEncoding()}</head>`);
}
