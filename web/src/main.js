// Boot: who is signed in, in which language, then the console.
import { render } from 'preact';
import { html } from './lib/html.js';
import { session } from './lib/session.js';
import { api, setSignedOutHandler } from './lib/api.js';
import { languages, setLanguage, timeZone } from './lib/i18n.js';
import { App } from './components/app.js';
import './app.css';

// The browser's preferred language when the user has not chosen one.
function browserLanguage() {
  for (const tag of navigator.languages || []) {
    const code = tag.toLowerCase().split('-')[0];
    if (languages.some((l) => l.code === code)) return code;
  }
  return 'en';
}

async function boot() {
  let who = null;
  try {
    who = await api('GET', '/api/v1/session');
  } catch {
    who = null;
  }
  const prefs = who?.preferences || {};
  await setLanguage(prefs.language || localStorage.getItem('concord.language') || browserLanguage());
  timeZone.value = prefs.time_zone || localStorage.getItem('concord.time_zone') || 'utc';
  session.value = who;
  setSignedOutHandler(() => {
    session.value = null;
  });
  render(html`<${App} />`, document.getElementById('app'));
}

boot();
