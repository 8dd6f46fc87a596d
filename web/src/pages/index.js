// The console's pages: the one list the navigation, the router and the browser tests read.
// A page is a module in this folder exporting `default function Page({params})`; it loads on
// demand. `nav`: shown in the navigation; `admin`: only for the node's administrators (the
// server refuses their actions to anyone else regardless).
export const pages = [
  { path: '/', name: 'overview', nav: true, load: () => import('./overview.js') },
  { path: '/objects', name: 'objects', nav: true, load: () => import('./objects.js') },
  { path: '/objects/:id', name: 'object', load: () => import('./object.js') },
  { path: '/incidents', name: 'incidents', nav: true, load: () => import('./incidents.js') },
  { path: '/incidents/:id', name: 'incident', load: () => import('./incident.js') },
  { path: '/requests', name: 'requests', nav: true, load: () => import('./requests.js') },
  { path: '/notifications', name: 'notifications', nav: true, load: () => import('./notifications.js') },
  { path: '/early-warning', name: 'early_warning', nav: true, load: () => import('./early_warning.js') },
  { path: '/directory', name: 'directory', nav: true, load: () => import('./directory.js') },
  { path: '/directory/:ref', name: 'team', load: () => import('./team.js') },
  { path: '/vulnerabilities', name: 'vulnerabilities', nav: true, load: () => import('./vulnerabilities.js') },
  { path: '/spam', name: 'spam', nav: true, load: () => import('./spam.js') },
  { path: '/federation', name: 'federation', nav: true, load: () => import('./federation.js') },
  { path: '/admin', name: 'admin', nav: true, admin: true, load: () => import('./admin.js') },
  { path: '/account', name: 'account', load: () => import('./account.js') },
];
