// Client-side routing over the History API: the URL holds the page and its query, so any view
// can be bookmarked and shared. Links inside the console are <a href> handled here.
import { signal } from '@preact/signals';

export const location = signal(read());

function read() {
  return { path: window.location.pathname, params: new URLSearchParams(window.location.search) };
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  location.value = read();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  location.value = read();
});

// Same-origin links are navigated here, without a page load.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const a = event.target.closest?.('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/taxii2')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

// "/objects/:id" against "/objects/indicator--1": {id: "indicator--1"}, or null.
export function match(pattern, path) {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}
