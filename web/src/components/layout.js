// Header (brand, language, time zone, who is signed in), navigation and the main region.
import { html } from '../lib/html.js';
import { session, isAdmin } from '../lib/session.js';
import { api } from '../lib/api.js';
import { location } from '../lib/router.js';
import { t, languages, language, setLanguage, timeZone } from '../lib/i18n.js';
import { pages } from '../pages/index.js';

// Saves a preference for the signed-in user (and in this browser for the sign-in page).
export async function savePreferences() {
  localStorage.setItem('concord.language', language.value);
  localStorage.setItem('concord.time_zone', timeZone.value);
  if (session.value) {
    const prefs = await api('PUT', '/api/v1/account/preferences', { language: language.value, time_zone: timeZone.value });
    session.value = { ...session.value, preferences: prefs };
  }
}

export function LanguageChooser() {
  return html`<div class="chooser">
    <label for="language">${t('common.language')}</label>
    <select id="language" value=${language.value}
      onChange=${async (e) => { await setLanguage(e.currentTarget.value); await savePreferences(); }}>
      ${languages.map((l) => html`<option value=${l.code} lang=${l.code}>${l.name}</option>`)}
    </select>
  </div>`;
}

function TimeZoneChooser() {
  return html`<div class="chooser">
    <label for="time-zone">${t('common.time_zone')}</label>
    <select id="time-zone" value=${timeZone.value}
      onChange=${async (e) => { timeZone.value = e.currentTarget.value; await savePreferences(); }}>
      <option value="utc">${t('common.utc')}</option>
      <option value="local">${t('common.local_time')}</option>
    </select>
  </div>`;
}

async function signOut() {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    session.value = null;
  }
}

function isCurrent(page) {
  const path = location.value.path;
  if (page.path === '/') return path === '/';
  return path === page.path || path.startsWith(page.path + '/');
}

export function Layout({ children }) {
  const who = session.value;
  return html`
    <a class="skip" href="#main">${t('common.skip_to_content')}</a>
    <header class="top">
      <a class="brand" href="/">Concord</a>
      <span class="node">${who.node_organisation}</span>
      <div class="top-tools">
        <${LanguageChooser} />
        <${TimeZoneChooser} />
        <a class="who" href="/account" title=${t('account.title')}>${who.user} · ${who.organisation} · ${t('role.' + who.role)}</a>
        <button type="button" class="link" onClick=${signOut}>${t('common.sign_out')}</button>
      </div>
    </header>
    <div class="frame">
      <nav aria-label=${t('common.navigation')}>
        <ul>
          ${pages.filter((p) => p.nav && (!p.admin || isAdmin.value)).map((p) => html`
            <li><a href=${p.path} aria-current=${isCurrent(p) ? 'page' : undefined}>${t('page.' + p.name)}</a></li>`)}
        </ul>
      </nav>
      <main id="main" tabindex="-1">${children}</main>
    </div>`;
}
