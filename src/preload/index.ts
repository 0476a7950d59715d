import { contextBridge, ipcRenderer } from 'electron';
import { createHubBridge, type Transport } from '../shared/client';
import type { Envelope } from '../shared/contract';

// The page gets the contract and nothing else: no ipcRenderer, no Node.
const transport: Transport = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Envelope>,
  on: (event, listener) => {
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('hub', createHubBridge(transport));
