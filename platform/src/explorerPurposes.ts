/**
 * The explorer's purpose picker: the network's catalogue of purposes (purposes.ts), rendered into the
 * page by the process that serves it, as a bar at the bottom left. The purpose picked (an id, or
 * `other: <reason>`) is kept for the tab and sent in x-enlace-purpose wherever the header editor still
 * holds the placeholder (or no purpose at all), so a purpose from the catalogue needs no typing, and the
 * placeholder is never sent in its place. Installed after the explorer's other scripts, so it runs first:
 * explorerFetch then sends the picked text percent-encoded, like a purpose typed in the headers.
 */
import { PURPOSE_HEADER } from './identity';
import type { PurposeCatalogue } from './purposes';

const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const english = (labels: Readonly<Record<string, string>>) => labels.en ?? Object.values(labels)[0];

export function explorerPurposePicker(catalogue: PurposeCatalogue, placeholder: string): string {
  const config = {
    header: PURPOSE_HEADER,
    placeholder,
    purposes: catalogue.purposes.map((p) => ({ id: p.id, label: english(p.labels) })),
    other: { id: catalogue.other.id, label: english(catalogue.other.labels), min: catalogue.other.minReasonLength },
  };
  return `<script>
(function () {
  var config = ${scriptJson(config)};
  var KEY = 'enlace:purpose';
  var send = window.fetch.bind(window);
  function pairsOf(headers) {
    if (Array.isArray(headers)) return headers;
    if (headers instanceof Headers) { var pairs = []; headers.forEach(function (v, k) { pairs.push([k, v]); }); return pairs; }
    return Object.entries(headers);
  }
  window.fetch = function (input, init) {
    var picked = sessionStorage.getItem(KEY);
    if (!picked || !init || !init.headers) return send(input, init);
    var stated = false;
    var headers = pairsOf(init.headers).map(function (p) {
      if (String(p[0]).toLowerCase() !== config.header) return p;
      var value = String(p[1]).trim();
      if (value && value !== config.placeholder) { stated = true; return p; }
      return null;
    }).filter(Boolean);
    if (!stated) headers.push([config.header, picked]);
    return send(input, Object.assign({}, init, { headers: headers }));
  };
  document.addEventListener('DOMContentLoaded', function () {
    var bar = document.createElement('div');
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', 'Purpose');
    bar.style.cssText = 'position:fixed;left:8px;bottom:8px;z-index:10000;background:#fff;border:1px solid #ccc;border-radius:6px;padding:6px 8px;font:13px sans-serif;color:#333';
    var label = document.createElement('label');
    label.textContent = 'Purpose ';
    var select = document.createElement('select');
    select.id = 'enlace-purpose';
    [{ id: '', label: '(as typed in the headers)' }].concat(config.purposes, [config.other]).forEach(function (p) {
      var option = document.createElement('option');
      option.value = p.id;
      option.textContent = p.label;
      select.appendChild(option);
    });
    label.appendChild(select);
    var reason = document.createElement('input');
    reason.id = 'enlace-purpose-reason';
    reason.placeholder = 'why, at least ' + config.other.min + ' characters';
    reason.setAttribute('aria-label', 'Why (other purpose)');
    reason.style.cssText = 'display:none;margin-left:6px';
    var button = document.createElement('button');
    button.textContent = 'Use this purpose';
    button.style.marginLeft = '6px';
    var status = document.createElement('span');
    status.setAttribute('role', 'status');
    status.style.marginLeft = '6px';
    var show = function () { status.textContent = sessionStorage.getItem(KEY) ? 'sending: ' + sessionStorage.getItem(KEY) : 'none picked'; };
    select.onchange = function () { reason.style.display = select.value === config.other.id ? 'inline-block' : 'none'; };
    button.onclick = function () {
      if (!select.value) { sessionStorage.removeItem(KEY); return show(); }
      if (select.value === config.other.id) {
        if (reason.value.trim().length < config.other.min) { status.textContent = 'say why in at least ' + config.other.min + ' characters'; return; }
        sessionStorage.setItem(KEY, config.other.id + ': ' + reason.value.trim());
      } else {
        sessionStorage.setItem(KEY, select.value);
      }
      show();
    };
    bar.append(label, reason, button, status);
    document.body.appendChild(bar);
    show();
  });
})();
</script>`;
}
