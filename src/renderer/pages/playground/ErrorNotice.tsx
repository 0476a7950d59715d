import type { ErrorValue } from '../../../shared/errors';
import { hub } from '../../hub';
import { useI18n } from '../../i18n';
import { errorText } from '../../errorText';

/**
 * An error where it happened, with the next step: a rejected key leads to Keys,
 * an empty balance to the hub's top-up page, a network failure to Retry.
 */
export function ErrorNotice(props: {
  error: ErrorValue;
  goToKeys: () => void;
  onRetry?: (() => void) | undefined;
  /** The answer kept part of its text. */
  partial?: boolean;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const { error } = props;
  const action = typeof error.detail?.action === 'string' ? error.detail.action : null;
  const link = typeof error.detail?.link === 'string' && /^https?:\/\//i.test(error.detail.link) ? error.detail.link : null;
  const retryable = error.code === 'HUB_UNREACHABLE' || error.code === 'TIMEOUT';
  const goKeys = error.code === 'UNAUTHORIZED' || action === 'open-keys';
  const topUp = error.code === 'OUT_OF_CREDITS' || action === 'top-up';

  return (
    <div className={`pg-error${props.compact ? ' pg-error--compact' : ''}`} role="alert" data-testid="pg-error" data-code={error.code}>
      <div className="pg-error__text">
        <strong>{title(error.code, t)}</strong>
        <span>{errorText(error, t)}</span>
        {props.partial ? <span className="pg-error__partial">{t('playground.error.partial')}</span> : null}
      </div>
      <div className="pg-error__actions">
        {goKeys ? (
          <button type="button" className="button button--small button--primary" onClick={props.goToKeys}>
            {t('playground.error.goToKeys')}
          </button>
        ) : null}
        {topUp && link ? (
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => void hub!.shell.openExternal({ url: link }).catch(() => undefined)}
            title={link}
          >
            {t('playground.error.topUp')}
          </button>
        ) : null}
        {(retryable || topUp) && props.onRetry ? (
          <button type="button" className="button button--small" onClick={props.onRetry}>
            {t('playground.retry')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function title(code: ErrorValue['code'], t: ReturnType<typeof useI18n>['t']): string {
  switch (code) {
    case 'UNAUTHORIZED':
      return t('playground.error.unauthorized');
    case 'OUT_OF_CREDITS':
      return t('playground.error.credits');
    case 'HUB_UNREACHABLE':
      return t('playground.error.unreachable');
    case 'TIMEOUT':
      return t('playground.error.timeout');
    case 'INVALID_INPUT':
      return t('playground.error.invalid');
    case 'HUB_ERROR':
      return t('playground.error.hub');
    case 'NOT_FOUND':
      return t('playground.error.notFound');
    default:
      return t('playground.error.other');
  }
}
