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

export function sectionFromHash(hash: string): Section {
  const name = hash.replace(/^#\/?/, '');
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'keys';
}
