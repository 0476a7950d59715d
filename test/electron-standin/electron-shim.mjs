// What `import … from 'electron'` gets under the stand-in: the fake the test installed on globalThis.
const fake = globalThis.__electronStandIn;
if (!fake) throw new Error('electron stand-in: load main through load-main.ts');
export const { app, BrowserWindow, session, protocol, ipcMain, clipboard, Notification, Menu, shell, nativeTheme, dialog, screen } = fake;
export default fake;
