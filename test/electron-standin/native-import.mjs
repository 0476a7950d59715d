// Loaded by Node itself (vitest.config externalizes it), so this import() is Node's own loader, with the
// registered hooks, exactly as Electron would load the built main.
export const nativeImport = (url) => import(url);
