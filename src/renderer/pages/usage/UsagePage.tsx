import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';

export function UsagePage({ goTo }: { goTo: (s: 'keys') => void }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('usage.title')} subtitle={t('usage.subtitle')} />
      <EmptyState
        icon="usage"
        title={t('usage.empty.title')}
        body={t('usage.empty.body')}
        action={
          <button type="button" className="button" onClick={() => goTo('keys')}>
            {t('usage.empty.action')}
          </button>
        }
      />
    </>
  );
}
