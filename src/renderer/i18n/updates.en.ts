/** Update strings (English). zh-CN lives in updates.zh-CN.ts with the same keys. */
export const updatesEn = {
  'updates.title': 'Updates',
  'updates.checkOnStart': 'Check for updates when the app starts',
  'updates.checkOnStartHelp':
    'Updates come from the project’s GitHub releases. They download in the background and install when you quit the app.',
  'updates.current': 'You have version {version}.',
  'updates.unavailable.browserHost': 'Updates are not available in the browser host. The installed desktop app updates itself.',
  'updates.unavailable.notPackaged': 'This is a development run: it does not update itself. Installed copies do.',
  'updates.idle': 'No check yet.',
  'updates.checking': 'Checking for updates…',
  'updates.upToDate': 'You have the latest version. Last checked {when}.',
  'updates.downloading': 'Downloading version {version}: {percent}%',
  'updates.downloadingBytes': '{transferred} of {total} MB',
  'updates.progressLabel': 'Update download',
  'updates.downloaded': 'Version {version} is ready. It installs when you quit the app.',
  'updates.deferred': 'Restarting as soon as your key generation or chat reply finishes.',
  'updates.checkNow': 'Check now',
  'updates.tryAgain': 'Try again',
  'updates.restart': 'Restart and install',
  'updates.error.offline': 'Could not reach the update server. Check your internet connection, then try again.',
  'updates.error.checkFailed': 'The update check failed. Try again later.',
  'updates.error.downloadFailed': 'The update could not be downloaded. Try again; the app keeps working meanwhile.',
  'updates.error.installFailed':
    'The update could not be installed. Quit the app and start it again, or download the new version from the releases page.',
  'updates.error.detail': 'Details: {message}',
  'updates.error.noUpdateReady': 'No update is ready to install yet. Check for updates first.',
} as const;
