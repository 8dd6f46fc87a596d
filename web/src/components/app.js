// The console's frame: the sign-in page for strangers, the forced password change after a
// reset, else the layout with the current page (loaded on demand).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { session, isAdmin } from '../lib/session.js';
import { location, match } from '../lib/router.js';
import { t } from '../lib/i18n.js';
import { pages } from '../pages/index.js';
import { Layout } from './layout.js';
import { SignIn, ChangePasswordForm } from './signin.js';
import { Loading } from './ui.js';

function findPage(path) {
  for (const page of pages) {
    const params = match(page.path, path);
    if (params) return { page, params };
  }
  return null;
}

function CurrentPage() {
  const found = findPage(location.value.path);
  const [loaded, setLoaded] = useState(null);
  useEffect(() => {
    let live = true;
    if (found) found.page.load().then((m) => live && setLoaded({ name: found.page.name, Page: m.default }));
    return () => {
      live = false;
    };
  }, [found?.page.name]);
  useEffect(() => {
    document.title = found ? `${t('page.' + found.page.name)} · Concord` : 'Concord';
  });
  if (!found) return html`<h1>${t('common.not_found')}</h1>`;
  if (found.page.admin && !isAdmin.value) return html`<h1>${t('common.forbidden')}</h1>`;
  if (!loaded || loaded.name !== found.page.name) return html`<${Loading} />`;
  const { Page } = loaded;
  return html`<${Page} params=${found.params} query=${location.value.params} />`;
}

export function App() {
  if (!session.value) return html`<${SignIn} />`;
  if (session.value.must_change_password) {
    return html`<main id="main" class="signin"><${ChangePasswordForm} forced=${true} /></main>`;
  }
  return html`<${Layout}><${CurrentPage} /><//>`;
}
