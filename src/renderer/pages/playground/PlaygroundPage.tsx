import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';

export function PlaygroundPage({ goTo }: { goTo: (s: 'keys') => void }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('playground.title')} subtitle={t('playground.subtitle')} />
      <EmptyState
        icon="playground"
        title={t('playground.empty.title')}
        body={t('playground.empty.body')}
        action={
          <button type="button" className="button" onClick={() => goTo('keys')}>
            {t('playground.empty.action')}
          </button>
        }
      />
    </>
  );
}
