import { useEffect, useState } from 'react';
import type { Settings } from '../shared/settings';

const query = '(prefers-color-scheme: dark)';

/** The theme actually shown: the user's choice, or the OS's when they chose "system". */
export function useResolvedTheme(setting: Settings['theme']): 'light' | 'dark' {
  const [osDark, setOsDark] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mql = window.matchMedia(query);
    const onChange = () => setOsDark(mql.matches);
    mql.addEventListener('change', onChange);
    return () => mql.removeEventListener('change', onChange);
  }, []);
  if (setting === 'system') return osDark ? 'dark' : 'light';
  return setting;
}
