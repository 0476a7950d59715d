import type { IconName } from './components/Icon';
import type { MessageKey } from './i18n';

export const SECTIONS = ['keys', 'playground', 'usage', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_META: Record<Section, { icon: IconName; label: MessageKey }> = {
  keys: { icon: 'keys', label: 'nav.keys' },
  playground: { icon: 'playground', label: 'nav.playground' },
  usage: { icon: 'usage', label: 'nav.usage' },
  settings: { icon: 'settings', label: 'nav.settings' },
};

/** `#/usage` or `#/playground?model=sandbox/echo&hubId=…`: the section, and what the page should open with. */
export function sectionFromHash(hash: string): Section {
  const name = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'keys';
}

export function hashParams(hash: string): URLSearchParams {
  const query = hash.split('?')[1];
  return new URLSearchParams(query ?? '');
}

/** Opens a section with parameters, e.g. a usage row opening the playground on its model. */
export function openSection(section: Section, params: Record<string, string> = {}): void {
  const query = new URLSearchParams(params).toString();
  location.hash = `#/${section}${query ? `?${query}` : ''}`;
}
