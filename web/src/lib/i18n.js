// Languages: one catalogue per language in src/i18n/<code>.json, every catalogue with every
// key (a test checks). A team adds a language by adding one file: the build lists the files
// (virtual:languages) and loads the chosen one on demand. Dates, times and numbers are
// formatted by Intl for the chosen locale; times in UTC or the browser's zone, as the user
// chooses.
import { signal, computed } from '@preact/signals';
import languages from 'virtual:languages';

export { languages };
export const language = signal('en');
export const timeZone = signal('utc'); // 'utc' | 'local'
const catalogue = signal({});

export async function setLanguage(code) {
  const known = languages.find((l) => l.code === code) || languages.find((l) => l.code === 'en');
  const module = await import(`../i18n/${known.code}.json`);
  catalogue.value = module.default;
  language.value = known.code;
  document.documentElement.lang = known.code;
  document.documentElement.dir = known.dir;
}

// The text of `key`, with {name} placeholders filled from `vars`. A key missing from the
// catalogue shows as ⟦key⟧, which the browser tests look for.
export function t(key, vars) {
  let text = catalogue.value[key];
  if (text === undefined) return `⟦${key}⟧`;
  if (vars) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  return text;
}

const numberFormat = computed(() => new Intl.NumberFormat(language.value));
export const formatNumber = (n) => (n === null || n === undefined ? '' : numberFormat.value.format(n));

const dateTimeFormat = computed(
  () =>
    new Intl.DateTimeFormat(language.value, {
      // dateStyle/timeStyle cannot be combined with timeZoneName: the fields one by one.
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: timeZone.value === 'utc' ? 'UTC' : undefined,
      timeZoneName: 'short',
    }),
);
const dateFormat = computed(
  () =>
    new Intl.DateTimeFormat(language.value, {
      dateStyle: 'medium',
      timeZone: timeZone.value === 'utc' ? 'UTC' : undefined,
    }),
);
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.value.format(d);
}
export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.value.format(d);
}
