import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The app's minimum window and its default one. */
export const WINDOW_SIZES = [
  { name: 'minimum', width: 880, height: 600 },
  { name: 'default', width: 1200, height: 800 },
] as const;

/**
 * Nothing on the page scrolls sideways: neither the document nor any card, table wrapper or
 * region that the user would have to scroll horizontally to read. Lists what overflows, so a
 * failure names the culprit instead of a bare `false`.
 */
export async function expectNoHorizontalOverflow(page: Page, what = 'the page'): Promise<void> {
  const offenders = await page.evaluate(() => {
    const found: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) found.push(`document ${doc.scrollWidth}px > ${doc.clientWidth}px`);
    const describe = (el: Element): string => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const label = el.getAttribute('aria-label') ?? el.querySelector('h1,h2,h3')?.textContent ?? '';
      return `${el.tagName.toLowerCase()}${cls}${label ? ` "${label.slice(0, 40)}"` : ''}`;
    };
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // A scroll container that actually scrolls sideways, or an element that pokes out of the window.
      const scrolls = (style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1;
      const pokesOut = box.right > window.innerWidth + 1 && style.position !== 'fixed';
      if (scrolls) found.push(`${describe(el)} scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px)`);
      else if (pokesOut && !el.closest('[data-allow-overflow]'))
        found.push(`${describe(el)} ends at ${Math.round(box.right)}px, past the ${window.innerWidth}px window`);
    }
    return found;
  });
  expect(offenders, `horizontal overflow on ${what}`).toEqual([]);
}

/** WCAG 2 AA colour contrast (4.5:1 text, 3:1 large text) over what is on screen, through axe-core. */
export async function expectContrastAA(page: Page, what = 'the page'): Promise<void> {
  const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  const failures = results.violations.flatMap((v) =>
    v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(-1)[0]?.trim() ?? v.help}`),
  );
  expect(failures, `contrast below AA on ${what}`).toEqual([]);
}
