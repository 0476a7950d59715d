import { useEffect, useState } from 'react';
import type { FirstRunOptions, HubDTO } from '../../../shared/keys';
import { keyCalls } from '../../actions/key-calls';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { useKeyStoreName } from './KeychainStatus';

const PUBLIC_HUB = 'https://hub.aigne.io/';

/**
 * The empty Keys page: the public hub (and a sandbox hub found on this computer) one click
 * away; connecting goes straight on to generating a key.
 */
export function FirstRun({ onConnected, onOther }: { onConnected: (hub: HubDTO) => void; onOther: () => void }) {
  const { t } = useI18n();
  const store = useKeyStoreName();
  const [options, setOptions] = useState<FirstRunOptions | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    // The public hub is offered at once; the local probe only adds a button when it answers.
    keyCalls.firstRun(true).then(
      (o) => live && setOptions(o),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const connect = async (url: string) => {
    setBusy(url);
    setError(null);
    try {
      onConnected(await keyCalls.addHub({ url }));
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  };

  const publicUrl = options?.publicHubUrl ?? PUBLIC_HUB;
  const local = options?.localHub ?? null;
  const host = (url: string) => new URL(url).host;
  const button = (url: string, label: string, primary: boolean, testId: string) => (
    <button
      type="button"
      className={`button${primary ? ' button--primary' : ''}`}
      disabled={busy !== null}
      onClick={() => void connect(url)}
      data-testid={testId}
    >
      {busy === url ? t('keys.firstRun.connecting', { host: host(url) }) : label}
    </button>
  );

  return (
    <>
      <EmptyState
        icon="hub"
        title={t('keys.empty.title')}
        body={t('keys.empty.body', { store })}
        hint={local ? t('keys.firstRun.localHint', { url: local.url }) : undefined}
        action={
          <>
            {button(publicUrl, t('keys.firstRun.connectPublic', { host: host(publicUrl) }), !local, 'connect-public-hub')}
            {local ? button(local.url, t('keys.firstRun.useLocal', { host: host(local.url) }), true, 'connect-local-hub') : null}
            <button type="button" className="button" onClick={onOther} disabled={busy !== null}>
              {t('keys.empty.action')}
            </button>
          </>
        }
      />
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}
