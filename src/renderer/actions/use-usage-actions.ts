import { useMemo } from 'react';
import { useToasts } from '../components/Toasts';
import { hub } from '../hub';
import { useI18n } from '../i18n';
import type { ActionErrorStore } from './keys';
import { createUsageActions, type UsageActions } from './usage';

/** The page's actions over the app's bridge, confirmations as toasts, failures into `errors`. */
export function useUsageActions(errors: ActionErrorStore): UsageActions | null {
  const { t } = useI18n();
  const toasts = useToasts();
  return useMemo(() => (hub ? createUsageActions({ api: hub, t, toast: (x) => toasts.show(x), errors }) : null), [t, toasts, errors]);
}
