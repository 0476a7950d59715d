import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n';

export function KeysPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('keys.title')} subtitle={t('keys.subtitle')} />
      <EmptyState
        icon="hub"
        title={t('keys.empty.title')}
        body={t('keys.empty.body')}
        hint={t('keys.empty.hint')}
        action={
          <button type="button" className="button button--primary" disabled aria-disabled="true">
            {t('keys.empty.action')}
          </button>
        }
      />
    </>
  );
}
