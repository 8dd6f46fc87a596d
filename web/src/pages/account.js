// The signed-in user's own account: who they are, and their password.
import { html } from '../lib/html.js';
import { session } from '../lib/session.js';
import { t } from '../lib/i18n.js';
import { ChangePasswordForm } from '../components/signin.js';

export default function Account() {
  const who = session.value;
  return html`
    <h1>${t('account.title')}</h1>
    <dl class="props card">
      <dt>${t('signin.user')}</dt><dd>${who.user}</dd>
      <dt>${t('account.organisation')}</dt><dd>${who.organisation}</dd>
      <dt>${t('account.role')}</dt><dd>${t('role.' + who.role)}</dd>
    </dl>
    <${ChangePasswordForm} />`;
}
