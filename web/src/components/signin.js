// Sign-in, and the password change a user must make after a reset (and may make any time).
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { session } from '../lib/session.js';
import { api } from '../lib/api.js';
import { t, setLanguage } from '../lib/i18n.js';
import { Field, fieldErrors } from './ui.js';
import { LanguageChooser } from './layout.js';

export function SignIn() {
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  async function submit(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      const who = await api('POST', '/api/v1/session', { user: form.get('user'), password: form.get('password') });
      if (who.preferences?.language) await setLanguage(who.preferences.language);
      session.value = who;
    } catch (e) {
      setErrors(e.status === 429 ? { '': t('signin.throttled') } : e.status === 401 ? { password: t('signin.wrong') } : fieldErrors(e));
    } finally {
      setBusy(false);
    }
  }
  return html`<main id="main" class="signin">
    <form class="card" onSubmit=${submit} novalidate>
      <h1>${t('signin.title')}</h1>
      <p class="muted">${t('signin.intro')}</p>
      <${Field} id="user" label=${t('signin.user')} error=${errors.user}>
        <input id="user" name="user" autocomplete="username" required aria-invalid=${errors.user ? 'true' : undefined} />
      <//>
      <${Field} id="password" label=${t('signin.password')} error=${errors.password}>
        <input id="password" name="password" type="password" autocomplete="current-password" required
          aria-invalid=${errors.password ? 'true' : undefined} />
      <//>
      ${errors[''] && html`<p class="error" role="alert">${errors['']}</p>`}
      <button type="submit" disabled=${busy}>${t('signin.submit')}</button>
      <${LanguageChooser} />
    </form>
  </main>`;
}

export function ChangePasswordForm({ forced }) {
  const [errors, setErrors] = useState({});
  const [done, setDone] = useState(false);
  async function submit(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get('new_password') !== form.get('repeat')) {
      setErrors({ repeat: t('account.mismatch') });
      return;
    }
    try {
      await api('POST', '/api/v1/account/password', {
        current_password: form.get('current_password'),
        new_password: form.get('new_password'),
      });
      setErrors({});
      setDone(true);
      event.currentTarget?.reset?.();
      if (forced) session.value = await api('GET', '/api/v1/session');
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  }
  return html`<form class="card" onSubmit=${submit} novalidate>
    ${forced ? html`<h1>${t('account.choose_password')}</h1>` : html`<h2>${t('account.change_password')}</h2>`}
    ${forced && html`<p>${t('account.forced')}</p>`}
    <${Field} id="current_password" label=${t('account.current')} error=${errors.current_password}>
      <input id="current_password" name="current_password" type="password" autocomplete="current-password" />
    <//>
    <${Field} id="new_password" label=${t('account.new')} hint=${t('account.rule')} error=${errors.new_password}>
      <input id="new_password" name="new_password" type="password" autocomplete="new-password" aria-describedby="new_password-hint" />
    <//>
    <${Field} id="repeat" label=${t('account.repeat')} error=${errors.repeat}>
      <input id="repeat" name="repeat" type="password" autocomplete="new-password" />
    <//>
    ${errors[''] && html`<p class="error" role="alert">${errors['']}</p>`}
    ${done && html`<p class="ok" role="status">${t('account.changed')}</p>`}
    <button type="submit">${t('account.save')}</button>
  </form>`;
}
