import { EventEmitter } from 'node:events';
import type {
  App,
  BrowserWindowConstructorOptions,
  Clipboard,
  Dialog,
  IpcMain,
  IpcMainInvokeEvent,
  MenuItemConstructorOptions,
  NativeTheme,
  NotificationConstructorOptions,
  OnHeadersReceivedListenerDetails,
  PermissionCheckHandlerHandlerDetails,
  PermissionRequest,
  Protocol,
  Rectangle,
  Screen,
  Session,
  Shell,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';

/**
 * A small recording stand-in for Electron 45's main-process API: just what src/main touches, each piece
 * typed against electron.d.ts (`satisfies`), so a renamed or re-typed Electron API breaks the typecheck here.
 * It records what main decides (window options, handlers, menus, notifications) for the tests to assert.
 */
export interface StandInConfig {
  packaged: boolean;
  /** Folder standing in for ~/.config (userData is <appData>/AIGNE Hub Desktop). */
  appData: string;
  /** The OS theme. */
  osDark: boolean;
}

export type PermissionRequestHandler = (
  wc: WebContents,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionRequest | { requestingUrl: string },
) => void;
export type PermissionCheckHandler = (
  wc: WebContents | null,
  permission: string,
  origin: string,
  details: Partial<PermissionCheckHandlerHandlerDetails>,
) => boolean;
export type HeadersListener = (
  details: OnHeadersReceivedListenerDetails,
  callback: (r: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;
export type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

export function createFakeElectron(config: StandInConfig) {
  /** Everything main did, in order, as [what, detail]. */
  const calls: Array<[string, unknown]> = [];
  const record = (what: string, detail?: unknown) => void calls.push([what, detail]);
  let ready = false;

  const paths: Record<string, string> = {
    appData: config.appData,
    userData: `${config.appData}/AIGNE Hub Desktop`,
    temp: `${config.appData}/tmp`,
    home: config.appData,
    logs: `${config.appData}/logs`,
  };
  const appEvents = new EventEmitter();
  const app = {
    isPackaged: config.packaged,
    whenReady: async () => {
      record('app.whenReady');
      await Promise.resolve();
      ready = true;
      return undefined;
    },
    isReady: () => ready,
    on: (event: string, listener: (...args: unknown[]) => void) => {
      appEvents.on(event, listener);
      return app as unknown as App;
    },
    once: (event: string, listener: (...args: unknown[]) => void) => {
      appEvents.once(event, listener);
      return app as unknown as App;
    },
    requestSingleInstanceLock: () => true,
    getPath: (name: Parameters<App['getPath']>[0]) => {
      const path = paths[name];
      if (!path) throw new Error(`stand-in: no path "${name}"`);
      return path;
    },
    setPath: (name: Parameters<App['setPath']>[0], path: string) => {
      if (ready && name === 'userData') throw new Error('stand-in: userData must be set before ready');
      record('app.setPath', { name, path });
      paths[name] = path;
    },
    setAppUserModelId: (id: string) => record('app.setAppUserModelId', id),
    quit: () => record('app.quit'),
    exit: (code?: number) => record('app.exit', code),
    getVersion: () => '0.1.0',
    getName: () => 'AIGNE Hub Desktop',
    getLocale: () => 'en-US',
    getPreferredSystemLanguages: () => ['en-US'],
  } satisfies Partial<Record<keyof App, unknown>> &
    Partial<
      Pick<
        App,
        | 'isPackaged'
        | 'getPath'
        | 'setPath'
        | 'getVersion'
        | 'getLocale'
        | 'whenReady'
        | 'requestSingleInstanceLock'
        | 'quit'
        | 'exit'
        | 'setAppUserModelId'
      >
    >;

  let nextWebContentsId = 1;
  class FakeWebContents extends EventEmitter {
    readonly id = nextWebContentsId++;
    url = '';
    readonly sent: Array<{ channel: string; payload: unknown }> = [];
    openHandler: ((d: { url: string }) => WindowOpenHandlerResponse) | null = null;
    send(channel: string, ...args: unknown[]) {
      this.sent.push({ channel, payload: args[0] });
    }
    getURL() {
      return this.url;
    }
    setWindowOpenHandler(handler: (d: { url: string }) => WindowOpenHandlerResponse) {
      this.openHandler = handler;
    }
  }
  // Keep the fake's surface checked against the real one.
  void ((wc: FakeWebContents) => wc satisfies Pick<WebContents, 'id' | 'send' | 'getURL'>);

  class FakeBrowserWindow extends EventEmitter {
    static readonly created: FakeBrowserWindow[] = [];
    static getAllWindows() {
      return FakeBrowserWindow.created.filter((w) => !w.destroyed);
    }
    readonly webContents = new FakeWebContents();
    readonly backgroundColors: string[] = [];
    loadedUrl: string | null = null;
    destroyed = false;
    visible = false;
    focused = false;
    minimized = false;
    bounds: Rectangle = { x: 10, y: 20, width: 1200, height: 800 };
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      if (!ready) throw new Error('stand-in: BrowserWindow before ready');
      if (options.backgroundColor) this.backgroundColors.push(options.backgroundColor);
      FakeBrowserWindow.created.push(this);
      record('BrowserWindow', options);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      this.webContents.url = url;
      return Promise.resolve();
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => this.minimized;
    isMaximized = () => false;
    restore = () => void (this.minimized = false);
    maximize = () => undefined;
    show = () => void (this.visible = true);
    focus = () => void (this.focused = true);
    getNormalBounds = () => this.bounds;
    setBackgroundColor = (color: string) => void this.backgroundColors.push(color);
    close() {
      this.emit('close', { preventDefault: () => undefined });
      this.destroyed = true;
      this.emit('closed');
    }
  }

  const permissions: { request: PermissionRequestHandler | null; check: PermissionCheckHandler | null } = { request: null, check: null };
  const headers: { listener: HeadersListener | null } = { listener: null };
  const proxy = { rules: 'DIRECT' };
  const defaultSession = {
    setPermissionRequestHandler: (handler: PermissionRequestHandler | null) => void (permissions.request = handler),
    setPermissionCheckHandler: (handler: PermissionCheckHandler | null) => void (permissions.check = handler),
    webRequest: { onHeadersReceived: (listener: HeadersListener | null) => void (headers.listener = listener) },
    resolveProxy: async (url: string) => {
      record('session.resolveProxy', url);
      return proxy.rules;
    },
  } satisfies Partial<Record<keyof Session, unknown>> & Pick<Session, 'resolveProxy'>;

  const schemes: { privileged: unknown[]; handlers: Map<string, (request: Request) => Promise<Response> | Response> } = {
    privileged: [],
    handlers: new Map(),
  };
  const protocol = {
    registerSchemesAsPrivileged: (list: Parameters<Protocol['registerSchemesAsPrivileged']>[0]) => {
      if (ready) throw new Error('stand-in: registerSchemesAsPrivileged after ready');
      schemes.privileged.push(...list);
    },
    handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
      if (!ready) throw new Error('stand-in: protocol.handle before ready');
      schemes.handlers.set(scheme, handler);
    },
  } satisfies Partial<Record<keyof Protocol, unknown>>;

  const invokeHandlers = new Map<string, InvokeHandler>();
  const ipcMain = {
    handle: (channel: string, listener: InvokeHandler) => {
      if (invokeHandlers.has(channel)) throw new Error(`stand-in: second handler for ${channel}`);
      invokeHandlers.set(channel, listener);
    },
    on: () => ipcMain as unknown as IpcMain,
    removeHandler: (channel: string) => void invokeHandlers.delete(channel),
  } satisfies Partial<Record<keyof IpcMain, unknown>> & Pick<IpcMain, 'removeHandler'>;

  const clipboardState = { text: '' };
  const clipboard = {
    readText: async () => clipboardState.text,
    writeText: async (text: string) => void (clipboardState.text = text),
    clear: () => void (clipboardState.text = ''),
  } satisfies Pick<Clipboard, 'readText' | 'writeText' | 'clear'>;

  class FakeNotification extends EventEmitter {
    static readonly shown: FakeNotification[] = [];
    static isSupported() {
      return true;
    }
    constructor(readonly options: NotificationConstructorOptions) {
      super();
    }
    show() {
      FakeNotification.shown.push(this);
    }
  }

  const menus: { application: Array<{ template: MenuItemConstructorOptions[] } | null>; popups: MenuItemConstructorOptions[][] } = {
    application: [],
    popups: [],
  };
  const Menu = {
    buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template, popup: () => void menus.popups.push(template) }),
    setApplicationMenu: (menu: { template: MenuItemConstructorOptions[] } | null) => void menus.application.push(menu),
  };

  const opened: string[] = [];
  const shell = {
    openExternal: async (url: string) => void opened.push(url),
  } satisfies Pick<Shell, 'openExternal'>;

  const themeEvents = new EventEmitter();
  const nativeTheme = {
    themeSource: 'system' as NativeTheme['themeSource'],
    get shouldUseDarkColors() {
      return this.themeSource === 'dark' || (this.themeSource === 'system' && config.osDark);
    },
    on: (event: string, listener: () => void) => {
      themeEvents.on(event, listener);
      return nativeTheme as unknown as NativeTheme;
    },
  } satisfies Pick<NativeTheme, 'themeSource' | 'shouldUseDarkColors'> & Partial<Record<keyof NativeTheme, unknown>>;

  const dialog = {
    showErrorBox: (title: string, content: string) => record('dialog.showErrorBox', { title, content }),
    showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
  } satisfies Pick<Dialog, 'showErrorBox'> & Partial<Record<keyof Dialog, unknown>>;

  const screen = {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
  } satisfies Partial<Record<keyof Screen, unknown>>;

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession },
    protocol,
    ipcMain,
    clipboard,
    Notification: FakeNotification,
    Menu,
    shell,
    nativeTheme,
    dialog,
    screen,
  };
  const recorded = {
    calls,
    appEvents,
    windows: FakeBrowserWindow.created,
    notifications: FakeNotification.shown,
    permissions,
    headers,
    proxy,
    schemes,
    invokeHandlers,
    clipboard: clipboardState,
    menus,
    opened,
    themeEvents,
    paths,
  };
  return { electron, recorded };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
export type FakeWindow = FakeElectron['recorded']['windows'][number];
